using NRules;
using NRules.Fluent;
using NRules.Fluent.Dsl;
using Sourcing.Rules.Evaluation;
using Sourcing.Rules.Facts;
using Sourcing.Rules.Json;
using Sourcing.Rules.Loading;
using Sourcing.Rules.NRulesSets;
using Sourcing.Rules.Tests.Infrastructure;

namespace Sourcing.Rules.Tests;

/// <summary>An NRules rule that throws in its condition or its action is contained like a JSON rule.</summary>
public sealed class NRulesFailureTests
{
    [Fact]
    public void Evaluate_NRulesConditionThrows_OtherRulesStillDecideAndTheFailureIsReported()
    {
        var rules = RuleSetWith(typeof(ThrowsInConditionRule), typeof(BusyLocationSurchargeRule));
        var busy = Make.Warehouse() with { CapacityUsedPercent = 95 };

        var directives = RuleEvaluator.Evaluate(rules, Make.Input(Make.Order(), null, (Make.Line(quantity: 7), [busy])));

        var failure = Assert.Single(directives.Failures);
        Assert.Equal(("ThrowsInCondition", RuleSource.NRules, FailurePolicy.Skip), (failure.Rule, failure.Source, failure.Policy));
        Assert.Contains(directives.CostAdjustments, c => c.Rule == "BusyLocationSurcharge");
        Assert.Contains(directives.Trace, t => t.Rule == "ThrowsInCondition" && t.Effect.Contains("failure policy skip", StringComparison.Ordinal));
    }

    [Fact]
    public void Evaluate_SafetyRuleActionThrows_HoldsTheOrder()
    {
        var rules = RuleSetWith(typeof(ThrowsInActionRule));

        var directives = RuleEvaluator.Evaluate(rules, Make.Input(Make.Order(), null, (Make.Line(quantity: 7), [Make.Warehouse()])));

        Assert.Equal(FailurePolicy.Hold, Assert.Single(directives.Failures).Policy);
        Assert.Equal((FailurePolicies.HoldCode, "ThrowsInAction"), (Assert.Single(directives.Holds).Code, directives.Holds[0].Rule));
    }

    private static CompiledRuleSet RuleSetWith(params Type[] ruleTypes)
    {
        var repository = new RuleRepository();
        repository.Load(spec => spec.From(ruleTypes));
        return new CompiledRuleSet("test", Array.Empty<CompiledJsonRule>(), [], repository.Compile(), []);
    }
}

/// <summary>Test rule: its condition divides by zero for a quantity of 7. NRules loads only top-level public rule types.</summary>
[Name("ThrowsInCondition"), Tag(RuleSetTags.Capacity)]
public sealed class ThrowsInConditionRule : Rule
{
    public override void Define()
    {
        LineFact line = default!;
        When().Match(() => line, l => 100 / (l.Quantity - 7) > 1);
        Then().Do(_ => Nothing());
    }

    private static void Nothing()
    {
    }
}

/// <summary>Test rule: its action throws for a quantity of 7.</summary>
[Name("ThrowsInAction"), Tag(RuleSetTags.Safety)]
public sealed class ThrowsInActionRule : Rule
{
    public override void Define()
    {
        LineFact line = default!;
        When().Match(() => line, l => l.Quantity == 7);
        Then().Do(_ => Fail(line));
    }

    private static void Fail(LineFact line) => throw new InvalidOperationException("cannot decide for " + line.Sku);
}

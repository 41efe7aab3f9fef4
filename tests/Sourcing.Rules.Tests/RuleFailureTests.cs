using Sourcing.Rules.Evaluation;
using Sourcing.Rules.Loading;
using Sourcing.Rules.Tests.Infrastructure;
using Sourcing.Testing;

namespace Sourcing.Rules.Tests;

/// <summary>
/// A rule that throws on some orders: refused before it goes live when an edge input shows it, and contained to
/// itself (with its failure policy and a trace entry) when it throws on an input nobody foresaw.
/// </summary>
public sealed class RuleFailureTests : IDisposable
{
    // Quantity 7 is not among the edge inputs: this is the rule that slips through validation.
    private const string ThrowsForQuantitySeven = "line.Quantity / (line.Quantity - 7) > 100";

    private readonly string _rules = RepositoryPaths.CopyOfRules();

    [Fact]
    public void Load_RuleThatThrowsForQuantityThree_IsRefusedNamingFileRuleAndInput()
    {
        WriteRule("eligibility", "DividesByQuantityMinusThree", "line.Quantity / (line.Quantity - 3) > 100");

        var problem = Assert.Single(Refused());

        Assert.Equal(("candidate.json", "DividesByQuantityMinusThree"), (problem.File, problem.Rule));
        Assert.Contains("DivideByZeroException", problem.Problem);
        Assert.Contains("line quantity 3", problem.Problem);
    }

    [Theory]
    [InlineData("location.StockOfSku / location.StockOfSku > 0", "no stock")]
    [InlineData("line.Sku.Substring(0, 1) == \\\"X\\\"", null)]
    [InlineData("100 / (location.DistanceKm == 0 ? 0 : 1) > 1", "0 km")]
    public void Load_RuleThatThrowsOnAnEdgeLocation_IsRefused(string expression, string? input)
    {
        WriteRule("eligibility", "EdgeThrower", expression);

        var problem = Assert.Single(Refused());

        Assert.Equal("EdgeThrower", problem.Rule);
        if (input is not null)
        {
            Assert.Contains(input, problem.Problem);
        }
    }

    [Fact]
    public void Evaluate_EligibilityRuleThrowsForOneLine_ExcludesThatCandidateOnlyAndTracesTheFailure()
    {
        WriteRule("eligibility", "FragileDivision", ThrowsForQuantitySeven);
        var rules = RuleSetLoader.Load(_rules, new RulesOptions());

        var directives = Evaluate(rules, (Make.Line(0, quantity: 7), [Make.Warehouse()]), (Make.Line(1, quantity: 1), [Make.Warehouse()]));

        var exclusion = Assert.Single(directives.Exclusions, e => e.Rule == "FragileDivision");
        Assert.Equal((0, "WH-1"), (exclusion.LineIndex, exclusion.LocationId));
        var failure = Assert.Single(directives.Failures);
        Assert.Equal(("FragileDivision", FailurePolicy.Exclude, 1, 0, "WH-1"), (failure.Rule, failure.Policy, failure.Occurrences, failure.FirstLineIndex, failure.FirstLocationId));
        Assert.Contains("DivideByZeroException", failure.Error);
        Assert.Contains(directives.Trace, t => t.Rule == "FragileDivision" && t.LineIndex is null && t.Effect.Contains("failure policy exclude", StringComparison.Ordinal));
        Assert.Empty(directives.Holds);
    }

    [Fact]
    public void Evaluate_FailingRuleWithPolicySkip_IsIgnoredButReported()
    {
        WriteRule("eligibility", "FragileDivision", ThrowsForQuantitySeven, """, "Properties": { "onFailure": "skip" }""");
        var rules = RuleSetLoader.Load(_rules, new RulesOptions());

        var directives = Evaluate(rules, (Make.Line(0, quantity: 7), [Make.Warehouse()]));

        Assert.DoesNotContain(directives.Exclusions, e => e.Rule == "FragileDivision");
        Assert.Equal(FailurePolicy.Skip, Assert.Single(directives.Failures).Policy);
        Assert.Empty(directives.Holds);
    }

    [Fact]
    public void Evaluate_FailingCostRuleWithPolicyHold_HoldsTheOrderOnce()
    {
        WriteRule("cost", "FragileSurcharge", ThrowsForQuantitySeven, """, "Properties": { "perUnitMinor": 100, "onFailure": "hold" }""");
        var rules = RuleSetLoader.Load(_rules, new RulesOptions());

        var directives = Evaluate(rules, (Make.Line(0, quantity: 7), [Make.Warehouse(), Make.Warehouse("WH-2")]));

        var hold = Assert.Single(directives.Holds);
        Assert.Equal((FailurePolicies.HoldCode, "FragileSurcharge"), (hold.Code, hold.Rule));
        Assert.Equal(2, Assert.Single(directives.Failures).Occurrences);
        Assert.DoesNotContain(directives.CostAdjustments, c => c.Rule == "FragileSurcharge");
    }

    [Fact]
    public void Evaluate_FailingCostRuleByDefault_IsSkipped()
    {
        WriteRule("cost", "FragileSurcharge", ThrowsForQuantitySeven, """, "Properties": { "perUnitMinor": 100 }""");
        var rules = RuleSetLoader.Load(_rules, new RulesOptions());

        var directives = Evaluate(rules, (Make.Line(0, quantity: 7), [Make.Warehouse()]));

        Assert.Equal(FailurePolicy.Skip, Assert.Single(directives.Failures).Policy);
        Assert.Empty(directives.Holds);
        Assert.DoesNotContain(directives.Exclusions, e => e.Rule == "FragileSurcharge");
    }

    [Fact]
    public void Evaluate_FailingHoldRuleByDefault_HoldsWithItsOwnCode()
    {
        // Order-level rules see no line; a total of 7 cents is not among the edge orders.
        WriteRule("hold", "FragileFraudCheck", "order.FraudScore / (order.TotalMinor - 7) > 1", """, "Properties": { "hold": "FRAUD_REVIEW" }""");
        var rules = RuleSetLoader.Load(_rules, new RulesOptions());

        var directives = RuleEvaluator.Evaluate(rules, Make.Input(Make.Order() with { TotalMinor = 7 }, null, (Make.Line(), [Make.Warehouse()])));

        var hold = Assert.Single(directives.Holds);
        Assert.Equal(("FRAUD_REVIEW", "FragileFraudCheck"), (hold.Code, hold.Rule));
        Assert.Equal(FailurePolicy.Hold, Assert.Single(directives.Failures).Policy);
    }

    [Theory]
    [InlineData("policy", """, "Properties": { "maxShipments": 1, "onFailure": "exclude" }""", "\"skip\" or \"hold\"")]
    [InlineData("eligibility", """, "Properties": { "onFailure": "ignore" }""", "onFailure must be")]
    [InlineData("eligibility", """, "Properties": { "onFailure": 1 }""", "onFailure must be")]
    public void Load_BadFailurePolicy_IsRefused(string kind, string properties, string reason)
    {
        WriteRule(kind, "BadPolicy", "order.Channel == \\\"web\\\"", properties);

        var problem = Assert.Single(Refused());

        Assert.Equal("BadPolicy", problem.Rule);
        Assert.Contains(reason, problem.Problem);
    }

    [Fact]
    public void Load_CostRuleWithOnlyAFailurePolicy_IsRefusedForWantOfAnEffect()
    {
        WriteRule("cost", "NoEffect", "location.DistanceKm > 500", """, "Properties": { "onFailure": "hold" }""");

        Assert.Contains("must state its effect", Assert.Single(Refused()).Problem);
    }

    public void Dispose() => Directory.Delete(_rules, recursive: true);

    private static RuleDirectives Evaluate(CompiledRuleSet rules, params (Sourcing.Rules.Facts.LineFact Line, Sourcing.Rules.Facts.LocationFact[] Locations)[] lines) =>
        RuleEvaluator.Evaluate(rules, Make.Input(Make.Order(), null, lines));

    private void WriteRule(string kind, string name, string expression, string extra = "") =>
        File.WriteAllText(Path.Combine(_rules, "candidate.json"), $$"""
            { "WorkflowName": "{{kind}}", "Rules": [ { "RuleName": "{{name}}", "SuccessEvent": "test", "Expression": "{{expression}}"{{extra}} } ] }
            """);

    private IReadOnlyList<RuleProblem> Refused() =>
        Assert.Throws<RuleSetException>(() => RuleSetLoader.Load(_rules, new RulesOptions())).Problems;
}

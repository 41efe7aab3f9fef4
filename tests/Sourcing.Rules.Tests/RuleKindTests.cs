using Sourcing.Rules.Evaluation;
using Sourcing.Rules.Kinds;
using Sourcing.Rules.Loading;
using Sourcing.Rules.Tests.Infrastructure;
using Sourcing.Testing;

namespace Sourcing.Rules.Tests;

/// <summary>A rule kind is one descriptor: a kind written here, and nowhere else, loads, is probed and decides.</summary>
public sealed class RuleKindTests : IDisposable
{
    /// <summary>Per line × location: a handling fee per unit, bounded, and refused when negative.</summary>
    private static readonly RuleKind Handling = new()
    {
        Prefix = "handling",
        Scope = RuleScope.Candidate,
        DefaultFailurePolicy = FailurePolicy.Skip,
        Effects = new Dictionary<string, EffectType> { ["feeMinor"] = EffectType.WholeNumber },
        Validate = effect => effect.Number("feeMinor") < 0 ? "feeMinor must be 0 or more" : null,
        Apply = hit => hit.Outcomes.Adjust(new CostAdjustment(hit.Line, hit.Location!, hit.Rule.Effect.Number("feeMinor"), 0, hit.Rule.Name), RuleSource.Json),
    };

    private readonly string _rules = RepositoryPaths.CopyOfRules();

    [Fact]
    public void Load_KindAddedByOneDescriptor_DecidesPerCandidate()
    {
        WriteHandling("StoresChargeHandling", "location.Type == \\\"store\\\"", "\"feeMinor\": 150");

        var rules = RuleSetLoader.Load(_rules, new RulesOptions { WatchFiles = false }, [.. RuleKinds.All, Handling]);
        var directives = RuleEvaluator.Evaluate(rules, Make.Input(Make.Order(), null, (Make.Line(), [Make.Warehouse(), Make.Store()])));

        var adjustment = Assert.Single(directives.CostAdjustments, c => c.Rule == "StoresChargeHandling");
        Assert.Equal((0, "ST-1", 150L), (adjustment.LineIndex, adjustment.LocationId, adjustment.PerUnitMinor));
        Assert.Contains(rules.Rules, r => r is { Name: "StoresChargeHandling", Kind: "handling" });
    }

    [Fact]
    public void Load_KindNotRegistered_IsRefusedListingTheKnownPrefixes()
    {
        WriteHandling("StoresChargeHandling", "location.Type == \\\"store\\\"", "\"feeMinor\": 150");

        var problem = Assert.Single(Assert.Throws<RuleSetException>(() => RuleSetLoader.Load(_rules, new RulesOptions { WatchFiles = false })).Problems);

        Assert.Equal("handling.json", problem.File);
        Assert.Contains("eligibility, cost, grouping, policy, hold, payment", problem.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"feeMinor\": -1", "feeMinor must be 0 or more")]
    [InlineData("\"feeMinor\": \"cheap\"", "must be a whole number")]
    [InlineData("\"fee\": 1", "known: feeMinor")]
    public void Load_NewKindWithBadEffect_IsRefusedByItsOwnValidation(string properties, string reason)
    {
        WriteHandling("BadHandling", "location.Type == \\\"store\\\"", properties);

        var problem = Assert.Single(Assert.Throws<RuleSetException>(() => RuleSetLoader.Load(_rules, new RulesOptions { WatchFiles = false }, [.. RuleKinds.All, Handling])).Problems);

        Assert.Equal("BadHandling", problem.Rule);
        Assert.Contains(reason, problem.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NewKindRuleThatThrowsOnAnEdgeInput_IsRefusedByTheProbe()
    {
        WriteHandling("DividesByStock", "100 / location.StockOfSku > 1", "\"feeMinor\": 1");

        var problem = Assert.Single(Assert.Throws<RuleSetException>(() => RuleSetLoader.Load(_rules, new RulesOptions { WatchFiles = false }, [.. RuleKinds.All, Handling])).Problems);

        Assert.Equal("DividesByStock", problem.Rule);
        Assert.Contains("DivideByZeroException", problem.Problem, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_rules, recursive: true);

    private void WriteHandling(string name, string expression, string properties) =>
        File.WriteAllText(Path.Combine(_rules, "handling.json"), $$"""
            { "WorkflowName": "handling", "Rules": [ { "RuleName": "{{name}}", "SuccessEvent": "test", "Expression": "{{expression}}", "Properties": { {{properties}} } } ] }
            """);
}

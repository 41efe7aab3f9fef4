using Sourcing.Rules.Evaluation;
using Sourcing.Rules.Loading;
using Sourcing.Rules.Tests.Infrastructure;
using Sourcing.Testing;

namespace Sourcing.Rules.Tests;

/// <summary>A cost rule adds between 0 and 1,000,000,000 minor units: never negative, never enough to overflow a sum.</summary>
public sealed class CostRuleBoundsTests : IDisposable
{
    private readonly string _rules = RepositoryPaths.CopyOfRules();

    [Theory]
    [InlineData("perShipmentMinor", -2000, "negative cost is refused")]
    [InlineData("perUnitMinor", -1, "negative cost is refused")]
    [InlineData("perUnitMinor", 1_000_000_001, "at most 1000000000")]
    [InlineData("perShipmentMinor", long.MaxValue, "at most 1000000000")]
    public void Load_CostOutsideTheBounds_IsRefusedNamingTheProperty(string property, long value, string reason)
    {
        WriteCostRule(property, value);

        var problem = Assert.Single(Assert.Throws<RuleSetException>(() => RuleSetLoader.Load(_rules, new RulesOptions())).Problems);

        Assert.Equal(("candidate.json", "PreferNearby"), (problem.File, problem.Rule));
        Assert.Contains(property, problem.Problem);
        Assert.Contains(reason, problem.Problem);
    }

    [Fact]
    public void Load_CostAtTheUpperBound_IsAppliedAsWritten()
    {
        WriteCostRule("perShipmentMinor", 1_000_000_000);
        var rules = RuleSetLoader.Load(_rules, new RulesOptions());

        var directives = RuleEvaluator.Evaluate(rules, Make.Input(Make.Order(), null, (Make.Line(), [Make.Warehouse() with { DistanceKm = 10 }])));

        Assert.Contains(directives.CostAdjustments, c => c is { Rule: "PreferNearby", PerShipmentMinor: 1_000_000_000 });
    }

    public void Dispose() => Directory.Delete(_rules, recursive: true);

    private void WriteCostRule(string property, long value) =>
        File.WriteAllText(Path.Combine(_rules, "candidate.json"), $$"""
            { "WorkflowName": "cost", "Rules": [ { "RuleName": "PreferNearby", "Expression": "location.DistanceKm < 50", "Properties": { "{{property}}": {{value}} } } ] }
            """);
}

using System.Text.Json;
using Sourcing.Rules.Evaluation;
using Sourcing.Rules.Loading;

namespace Sourcing.Rules.Scenarios;

/// <summary>The outcome of one scenario: passed, or every expectation it missed.</summary>
public sealed record ScenarioResult(string File, string Name, IReadOnlyList<string> Failures)
{
    public bool Passed => Failures.Count == 0;
}

/// <summary>Runs every scenario of a rules folder against a compiled rule set and says which pass.</summary>
public static class ScenarioRunner
{
    public static IReadOnlyList<ScenarioResult> RunAll(string rulesDirectory, CompiledRuleSet rules)
    {
        var folder = Path.Combine(rulesDirectory, RuleSetLoader.ScenariosFolder);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal).Select(path => Run(path, rules)).ToList();
    }

    public static ScenarioResult Run(string path, CompiledRuleSet rules)
    {
        var file = Path.GetFileName(path);
        Scenario? scenario;
        try
        {
            scenario = JsonSerializer.Deserialize<Scenario>(File.ReadAllText(path), Scenario.Json);
        }
        catch (JsonException exception)
        {
            return new ScenarioResult(file, file, [$"the scenario file is malformed at {exception.Path}: {exception.Message}"]);
        }

        if (scenario is null)
        {
            return new ScenarioResult(file, file, ["the scenario file is empty"]);
        }

        if (scenario.Return is { } rma)
        {
            var outcome = ReturnEvaluator.Evaluate(rules, rma.Rma, scenario.Customer, rma.NamedLines());
            return new ScenarioResult(file, scenario.Name, CheckReturn(scenario.Expect.Return, outcome));
        }

        var directives = RuleEvaluator.Evaluate(rules, scenario.ToInput());
        return new ScenarioResult(file, scenario.Name, Check(scenario.Expect, directives));
    }

    private static List<string> Check(ScenarioExpectation expect, RuleDirectives actual)
    {
        var failures = new List<string>();
        foreach (var wanted in expect.Excluded)
        {
            var hits = actual.Exclusions.Where(e => (wanted.Line is null || e.LineIndex == wanted.Line) && e.LocationId == wanted.Location).ToList();
            if (hits.Count == 0)
            {
                failures.Add($"line {wanted.Line} should be excluded at {wanted.Location}, but is not");
            }
            else if (wanted.Rule is not null && hits.All(h => h.Rule != wanted.Rule))
            {
                failures.Add($"line {wanted.Line} at {wanted.Location} should be excluded by {wanted.Rule}, but was by {string.Join(", ", hits.Select(h => h.Rule))}");
            }
        }

        foreach (var unwanted in expect.NotExcluded)
        {
            var hits = actual.Exclusions.Where(e => (unwanted.Line is null || e.LineIndex == unwanted.Line) && e.LocationId == unwanted.Location).ToList();
            if (hits.Count > 0)
            {
                failures.Add($"line {unwanted.Line} should stay eligible at {unwanted.Location}, but {string.Join(", ", hits.Select(h => h.Rule))} excluded it");
            }
        }

        foreach (var wanted in expect.CostAdjustedBy)
        {
            if (!actual.CostAdjustments.Any(c => c.LocationId == wanted.Location && (wanted.Line is null || c.LineIndex is null || c.LineIndex == wanted.Line) && (wanted.Rule is null || c.Rule == wanted.Rule)))
            {
                failures.Add($"{wanted.Rule ?? "a rule"} should adjust the cost at {wanted.Location}, but does not");
            }
        }

        if (expect.Holds is { } holds && !holds.Order().SequenceEqual(actual.Holds.Select(h => h.Code).Order()))
        {
            failures.Add($"holds should be [{string.Join(", ", holds)}], are [{string.Join(", ", actual.Holds.Select(h => h.Code))}]");
        }

        var disallowed = actual.DisallowedMethods.Select(d => d.Method).Distinct().Order(StringComparer.Ordinal).ToList();
        if (expect.Disallowed is { } methods && !methods.Order(StringComparer.Ordinal).SequenceEqual(disallowed))
        {
            failures.Add($"disallowed payment methods should be [{string.Join(", ", methods)}], are [{string.Join(", ", disallowed)}]");
        }

        Compare("max shipments", expect.MaxShipments, actual.Constraints.MaxShipments, failures);
        Compare("ship complete", expect.ShipComplete, actual.Constraints.ShipComplete, failures);
        Compare("backorder allowed", expect.BackorderAllowed, actual.Constraints.BackorderAllowed, failures);
        foreach (var together in expect.ShipTogether)
        {
            var groups = together.Select(line => actual.Constraints.ShipTogetherGroups.GetValueOrDefault(line)).ToList();
            if (groups.Any(g => g is null) || groups.Distinct().Count() != 1)
            {
                failures.Add($"lines {string.Join(", ", together)} should ship together, groups are [{string.Join(", ", groups.Select(g => g ?? "none"))}]");
            }
        }

        return failures;
    }

    private static List<string> CheckReturn(ReturnExpectation? expect, ReturnPolicyOutcome actual)
    {
        if (expect is null)
        {
            return ["a return scenario states what the return rules must decide under expect.return"];
        }

        var failures = new List<string>();
        var lines = actual.Lines.ToDictionary(l => l.LineId, StringComparer.Ordinal);
        ReturnLineOutcome? Line(string id)
        {
            if (lines.TryGetValue(id, out var line))
            {
                return line;
            }

            failures.Add($"line {id} is not a line of the return");
            return null;
        }

        foreach (var wanted in expect.Refused)
        {
            if (Line(wanted.Line) is not { } line)
            {
                continue;
            }

            if (!line.Refused)
            {
                failures.Add($"line {wanted.Line} should be refused, but is not");
            }
            else if (wanted.Rule is not null && line.RefusedBy.All(r => r.Rule != wanted.Rule))
            {
                failures.Add($"line {wanted.Line} should be refused by {wanted.Rule}, but was by {string.Join(", ", line.RefusedBy.Select(r => r.Rule))}");
            }
        }

        foreach (var id in expect.NotRefused)
        {
            if (Line(id) is { Refused: true } line)
            {
                failures.Add($"line {id} should not be refused, but {string.Join(", ", line.RefusedBy.Select(r => r.Rule))} refused it");
            }
        }

        foreach (var (id, basisPoints) in expect.RestockingFeeBasisPoints)
        {
            if (Line(id) is { } line && line.RestockingFeeBasisPoints != basisPoints)
            {
                failures.Add($"line {id} should carry a restocking fee of {basisPoints} basis points, carries {line.RestockingFeeBasisPoints}");
            }
        }

        Compare("instant refund", expect.InstantRefund, actual.InstantRefund, failures);
        Compare("ship before return", expect.ShipBeforeReturn, actual.ShipBeforeReturn, failures);
        Compare("return within days", expect.ReturnWithinDays, actual.ReturnWithinDays ?? 0, failures);
        return failures;
    }

    private static void Compare<T>(string what, T? expected, T? actual, List<string> failures)
        where T : struct
    {
        if (expected is not null && !expected.Equals(actual))
        {
            failures.Add($"{what} should be {expected}, is {actual?.ToString() ?? "not set"}");
        }
    }
}

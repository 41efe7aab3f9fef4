using Sourcing.Rules.Loading;
using Sourcing.Rules.Scenarios;

namespace Sourcing.Service.Rules;

/// <summary>
/// <c>dotnet run --project src/Sourcing.Service -- rules test [folder]</c>: loads the rules folder, runs every scenario
/// in its <c>scenarios/</c>, prints PASS or FAIL per scenario with the reasons, and exits 1 on any failure.
/// </summary>
public static class RulesCommand
{
    public static bool TryRun(string[] args, out int exitCode)
    {
        exitCode = 0;
        if (args.Length < 2 || args[0] != "rules" || args[1] != "test")
        {
            return false;
        }

        var directory = RulesDirectory.Resolve(args.Length > 2 ? args[2] : null, Directory.GetCurrentDirectory());
        CompiledRuleSet rules;
        try
        {
            rules = RuleSetLoader.Load(directory, new RulesOptions { WatchFiles = false });
        }
        catch (RuleSetException refused)
        {
            Console.WriteLine($"The rules in {directory} do not load:");
            foreach (var problem in refused.Problems)
            {
                Console.WriteLine("  " + problem);
            }

            exitCode = 1;
            return true;
        }

        var results = ScenarioRunner.RunAll(directory, rules);
        Console.WriteLine($"Rules {directory}, version {rules.Version}, {rules.Rules.Count} rules, {results.Count} scenarios");
        foreach (var result in results)
        {
            Console.WriteLine($"{(result.Passed ? "PASS" : "FAIL")}  {result.File}: {result.Name}");
            foreach (var failure in result.Failures)
            {
                Console.WriteLine("      " + failure);
            }
        }

        var failed = results.Count(r => !r.Passed);
        Console.WriteLine($"{results.Count - failed} scenarios passed, {failed} failed");
        exitCode = failed == 0 && results.Count > 0 ? 0 : 1;
        return true;
    }
}

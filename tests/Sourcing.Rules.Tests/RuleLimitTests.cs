using Sourcing.Rules.Loading;
using Sourcing.Testing;

namespace Sourcing.Rules.Tests;

/// <summary>Validating or loading takes bounded work, and a problem never echoes unbounded input or server paths.</summary>
public sealed class RuleLimitTests : IDisposable
{
    private readonly string _rules = RepositoryPaths.CopyOfRules();

    [Fact]
    public void Validate_FileWithTooManyRules_IsRefusedBeforeCompiling()
    {
        var rules = Enumerable.Range(0, RuleLimits.MaxRulesPerFile + 1).Select(i => $$"""{ "RuleName": "R{{i}}", "SuccessEvent": "x", "Expression": "line.Quantity > {{i}}" }""");

        var problem = Assert.Single(Validate(Workflow(string.Join(",", rules))));

        Assert.Equal(("candidate.json", null), (problem.File, problem.Rule));
        Assert.Contains($"at most {RuleLimits.MaxRulesPerFile}", problem.Problem);
    }

    [Fact]
    public void Validate_HugeRuleName_IsRefusedWithoutEchoingIt()
    {
        // Under the file size limit, so that the rule itself is read and its name judged.
        var name = new string('N', 200_000);

        var problem = Assert.Single(Validate(Workflow($$"""{ "RuleName": "{{name}}", "SuccessEvent": "x", "Expression": "line.Quantity > 1" }""")));

        Assert.True(problem.Rule!.Length <= RuleLimits.MaxRuleNameLength + 1, $"the rule name came back with {problem.Rule.Length} characters");
        Assert.Contains("RuleName is 200000 characters long", problem.Problem);
    }

    [Fact]
    public void Validate_ThreeMegabyteRuleName_IsRefusedBySizeWithAShortProblem()
    {
        var name = new string('N', 3_000_000);

        var problem = Assert.Single(Validate(Workflow($$"""{ "RuleName": "{{name}}", "SuccessEvent": "x", "Expression": "line.Quantity > 1" }""")));

        Assert.Equal("candidate.json", problem.File);
        Assert.Contains($"at most {RuleLimits.MaxFileBytes / 1024} KB", problem.Problem);
        Assert.True(problem.ToString().Length < 200, problem.ToString());
    }

    [Fact]
    public void Load_FolderWithTooManyFiles_IsRefused()
    {
        for (var i = 0; i < RuleLimits.MaxFiles; i++)
        {
            File.WriteAllText(Path.Combine(_rules, $"extra-{i}.json"), """{ "WorkflowName": "eligibility.extra", "Rules": [] }""");
        }

        var problem = Assert.Single(Assert.Throws<RuleSetException>(() => RuleSetLoader.Load(_rules, new RulesOptions())).Problems);

        Assert.Contains($"more than {RuleLimits.MaxFiles} rule files", problem.Problem);
    }

    [Fact]
    public void Validate_ManyBadRules_ListsABoundedNumberOfProblems()
    {
        var rules = Enumerable.Range(0, RuleLimits.MaxRulesPerFile).Select(i => $$"""{ "RuleName": "Bad{{i}}", "SuccessEvent": "x", "Expression": "line.Nope{{i}}" }""");

        var problems = Validate(Workflow(string.Join(",", rules)));

        Assert.Equal(RuleLimits.MaxProblemsListed + 1, problems.Count);
        Assert.Contains($"and {RuleLimits.MaxRulesPerFile - RuleLimits.MaxProblemsListed} more problems", problems[^1].Problem);
    }

    [Fact]
    public void Reload_RulesFolderRemoved_ProblemDoesNotShowTheServersPath()
    {
        using var host = new RuleSetHost(_rules, new RulesOptions { WatchFiles = false });
        Directory.Delete(_rules, recursive: true);

        var result = host.Reload();

        Assert.False(result.Applied);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(".", problem.File);
        Assert.DoesNotContain(_rules, problem.ToString());
        Directory.CreateDirectory(_rules);
    }

    public void Dispose() => Directory.Delete(_rules, recursive: true);

    private static string Workflow(string rules) => $$"""{ "WorkflowName": "eligibility.limits", "Rules": [ {{rules}} ] }""";

    private IReadOnlyList<RuleProblem> Validate(string json) => RuleSetLoader.Validate(_rules, new RulesOptions(), "candidate.json", json);
}

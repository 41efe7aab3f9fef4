namespace Sourcing.Rules.Loading;

/// <summary>
/// One thing wrong with a rule file: which file (relative to the rules folder), which rule (when known), and what.
/// Every part is shortened to a bound: the rule name and the reason may come from the very input that is wrong.
/// </summary>
public sealed record RuleProblem
{
    public RuleProblem(string file, string? rule, string problem)
    {
        File = RuleLimits.Shorten(file, RuleLimits.MaxRuleNameLength * 2);
        Rule = rule is null ? null : RuleLimits.Shorten(rule, RuleLimits.MaxRuleNameLength);
        Problem = RuleLimits.Shorten(problem, RuleLimits.MaxProblemLength);
    }

    public string File { get; }

    public string? Rule { get; }

    public string Problem { get; }

    public override string ToString() => Rule is null ? $"{File}: {Problem}" : $"{File}, rule '{Rule}': {Problem}";
}

/// <summary>A rule set was refused; nothing was applied. Lists the problems found (up to a bound), not only the first.</summary>
public sealed class RuleSetException(IReadOnlyList<RuleProblem> problems)
    : Exception("The rule set was refused: " + string.Join("; ", Bounded(problems)))
{
    public IReadOnlyList<RuleProblem> Problems { get; } = Bounded(problems);

    private static IReadOnlyList<RuleProblem> Bounded(IReadOnlyList<RuleProblem> problems) =>
        problems.Count <= RuleLimits.MaxProblemsListed
            ? problems
            : [.. problems.Take(RuleLimits.MaxProblemsListed), new RuleProblem(".", null, $"and {problems.Count - RuleLimits.MaxProblemsListed} more problems")];
}

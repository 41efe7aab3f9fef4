namespace Sourcing.Rules.Loading;

/// <summary>One thing wrong with a rule file: which file, which rule (when known), and what.</summary>
public sealed record RuleProblem(string File, string? Rule, string Problem)
{
    public override string ToString() => Rule is null ? $"{File}: {Problem}" : $"{File}, rule '{Rule}': {Problem}";
}

/// <summary>A rule set was refused; nothing was applied. Lists every problem found, not only the first.</summary>
public sealed class RuleSetException(IReadOnlyList<RuleProblem> problems)
    : Exception("The rule set was refused: " + string.Join("; ", problems))
{
    public IReadOnlyList<RuleProblem> Problems { get; } = problems;
}

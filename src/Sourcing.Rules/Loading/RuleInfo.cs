namespace Sourcing.Rules.Loading;

/// <summary>One rule of the active set, for listing: name, what kind, where it is written, and what it says.</summary>
/// <param name="Origin">The JSON file, or "nrules:" and the rule set.</param>
public sealed record RuleInfo(string Name, string Kind, string Origin, string Description);

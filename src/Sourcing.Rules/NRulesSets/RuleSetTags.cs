namespace Sourcing.Rules.NRulesSets;

/// <summary>The NRules rule sets; which are active per channel is configuration (<c>Rules:ChannelRuleSets</c>).</summary>
public static class RuleSetTags
{
    public const string Safety = "safety";
    public const string Service = "service";
    public const string Capacity = "capacity";
    public const string Kits = "kits";

    public static IReadOnlyList<string> All { get; } = [Safety, Service, Capacity, Kits];
}

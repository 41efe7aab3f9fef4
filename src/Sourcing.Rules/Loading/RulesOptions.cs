namespace Sourcing.Rules.Loading;

/// <summary>Where the rule files are and which NRules rule sets each channel uses.</summary>
public sealed class RulesOptions
{
    public const string Section = "Rules";

    /// <summary>The folder of JSON workflow files (sub-folder <c>scenarios</c> excluded). Relative paths are from the content root.</summary>
    public string? Directory { get; set; }

    /// <summary>NRules rule sets per channel, e.g. <c>{"marketplace": ["safety", "capacity"]}</c>.</summary>
    public Dictionary<string, string[]> ChannelRuleSets { get; set; } = [];

    /// <summary>The rule sets of a channel not listed in <see cref="ChannelRuleSets"/>: all of them unless configured.</summary>
    public string[] DefaultRuleSets { get; set; } = [.. NRulesSets.RuleSetTags.All];

    /// <summary>Reload when a file in <see cref="Directory"/> changes.</summary>
    public bool WatchFiles { get; set; } = true;
}

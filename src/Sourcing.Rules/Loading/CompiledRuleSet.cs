using NRules;
using Sourcing.Rules.Json;

namespace Sourcing.Rules.Loading;

/// <summary>
/// An immutable, fully compiled rule set: every JSON rule as a delegate, one NRules session factory per distinct
/// combination of rule sets, and the version (a hash of every file and the rule-set configuration) that each
/// decision reports. Replaced whole on reload, never changed in place.
/// </summary>
public sealed class CompiledRuleSet
{
    private readonly Dictionary<string, ISessionFactory?> _factoryByChannel;
    private readonly ISessionFactory? _defaultFactory;

    internal CompiledRuleSet(
        string version,
        IReadOnlyList<CompiledJsonRule> jsonRules,
        Dictionary<string, ISessionFactory?> factoryByChannel,
        ISessionFactory? defaultFactory,
        IReadOnlyList<RuleInfo> rules)
    {
        Version = version;
        _factoryByChannel = factoryByChannel;
        _defaultFactory = defaultFactory;
        Rules = rules;
        Eligibility = jsonRules.Where(r => r.Kind == RuleKind.Eligibility).ToArray();
        Costs = jsonRules.Where(r => r.Kind == RuleKind.Cost).ToArray();
        Grouping = jsonRules.Where(r => r.Kind == RuleKind.Grouping).ToArray();
        Policies = jsonRules.Where(r => r.Kind == RuleKind.Policy).ToArray();
        Holds = jsonRules.Where(r => r.Kind == RuleKind.Hold).ToArray();
    }

    /// <summary>A content hash: the same files and configuration always give the same version.</summary>
    public string Version { get; }

    public IReadOnlyList<RuleInfo> Rules { get; }

    internal CompiledJsonRule[] Eligibility { get; }
    internal CompiledJsonRule[] Costs { get; }
    internal CompiledJsonRule[] Grouping { get; }
    internal CompiledJsonRule[] Policies { get; }
    internal CompiledJsonRule[] Holds { get; }

    internal ISessionFactory? SessionFactoryFor(string channel) =>
        _factoryByChannel.TryGetValue(channel, out var factory) ? factory : _defaultFactory;
}

using NRules;
using Sourcing.Rules.Evaluation;
using Sourcing.Rules.Facts;
using Sourcing.Rules.Json;
using Sourcing.Rules.Kinds;

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
        CandidateRules = jsonRules.Where(r => r.Kind.Scope == RuleScope.Candidate).ToArray();
        LineRules = jsonRules.Where(r => r.Kind.Scope == RuleScope.Line).ToArray();
        OrderRules = jsonRules.Where(r => r.Kind.Scope == RuleScope.Order).ToArray();
        _byKind = jsonRules.GroupBy(r => r.Kind).ToDictionary(g => g.Key, g => g.ToArray());
    }

    private readonly Dictionary<RuleKind, CompiledJsonRule[]> _byKind;

    /// <summary>A content hash: the same files and configuration always give the same version.</summary>
    public string Version { get; }

    public IReadOnlyList<RuleInfo> Rules { get; }

    // Per scope, in the order the loader gave them: by kind (as the kinds are listed), then by file and position.
    internal CompiledJsonRule[] CandidateRules { get; }
    internal CompiledJsonRule[] LineRules { get; }
    internal CompiledJsonRule[] OrderRules { get; }

    /// <summary>The return rules of this set over one return's lines (see <see cref="ReturnEvaluator"/>).</summary>
    public ReturnPolicyOutcome EvaluateReturn(ReturnFact rma, CustomerFact customer, IReadOnlyList<ReturnLineFact> lines) =>
        ReturnEvaluator.Evaluate(this, rma, customer, lines);

    internal CompiledJsonRule[] RulesOf(RuleKind kind) => _byKind.GetValueOrDefault(kind, []);

    internal ISessionFactory? SessionFactoryFor(string channel) =>
        _factoryByChannel.TryGetValue(channel, out var factory) ? factory : _defaultFactory;
}

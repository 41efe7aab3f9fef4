using Sourcing.Rules.Evaluation;
using Sourcing.Rules.Facts;
using Sourcing.Rules.Json;

namespace Sourcing.Rules.Kinds;

/// <summary>What one condition of a rule is evaluated for, which decides the facts its expression may name.</summary>
public enum RuleScope
{
    /// <summary>Once per order: <c>order</c> and <c>customer</c>.</summary>
    Order,

    /// <summary>Once per line: <c>order</c>, <c>customer</c> and <c>line</c>.</summary>
    Line,

    /// <summary>Once per line × candidate location: <c>order</c>, <c>customer</c>, <c>line</c> and <c>location</c>.</summary>
    Candidate,

    /// <summary>
    /// Once per returned line, outside order sourcing: <c>rma</c>, <c>customer</c> and <c>line</c> (a
    /// <see cref="ReturnLineFact"/>). Sourcing an order never runs these rules.
    /// </summary>
    ReturnLine,
}

/// <summary>The JSON type of a property a rule sets as its effect.</summary>
public enum EffectType
{
    WholeNumber,
    Text,
    Flag,
}

/// <summary>
/// Everything that makes one kind of JSON rule what it is, in one place: the WorkflowName prefix that selects it, the
/// facts it sees (its scope), what a failing rule of it does by default, the Properties it may set and how they are
/// checked, and what a rule whose condition holds does to the decision. The loader, the probe and the evaluator read
/// only this, so a new kind is a new descriptor in <see cref="RuleKinds.All"/>.
/// </summary>
internal sealed class RuleKind
{
    /// <summary>The first part of a WorkflowName ("eligibility", "eligibility.safety", ...).</summary>
    public required string Prefix { get; init; }

    public required RuleScope Scope { get; init; }

    public required FailurePolicy DefaultFailurePolicy { get; init; }

    /// <summary>The Properties a rule may set besides onFailure. None: the rule's effect is implied (eligibility excludes).</summary>
    public IReadOnlyDictionary<string, EffectType> Effects { get; init; } = new Dictionary<string, EffectType>();

    /// <summary>A problem with a rule's parsed effect beyond its types (a bound, a code's format), or null.</summary>
    public Func<RuleEffect, string?> Validate { get; init; } = _ => null;

    /// <summary>The kind's decision reaches a customer or an agent, so its SuccessEvent must say why.</summary>
    public bool NeedsReason { get; init; }

    /// <summary>The category of the holds its rules place; "payment" holds are released by finance only.</summary>
    public string HoldCategory { get; init; } = "";

    /// <summary>The hold code of an order held because a rule of this kind threw.</summary>
    public Func<RuleEffect, string> FailureHoldCode { get; init; } = _ => FailurePolicies.HoldCode;

    /// <summary>What a rule whose condition holds does to the decision.</summary>
    public required Action<RuleHit> Apply { get; init; }

    /// <summary>The facts an expression may name, in the order the compiled condition takes them.</summary>
    public (string Name, Type Type)[] Facts => Scope switch
    {
        RuleScope.Candidate => [("order", typeof(OrderFact)), ("customer", typeof(CustomerFact)), ("line", typeof(LineFact)), ("location", typeof(LocationFact))],
        RuleScope.Line => [("order", typeof(OrderFact)), ("customer", typeof(CustomerFact)), ("line", typeof(LineFact))],
        RuleScope.ReturnLine => [("rma", typeof(ReturnFact)), ("customer", typeof(CustomerFact)), ("line", typeof(ReturnLineFact))],
        _ => [("order", typeof(OrderFact)), ("customer", typeof(CustomerFact))],
    };

    /// <summary>Exclude needs a line × location to exclude, so only kinds evaluated per candidate may choose it.</summary>
    public bool Allows(FailurePolicy policy) => policy != FailurePolicy.Exclude || Scope == RuleScope.Candidate;

    /// <summary>
    /// Why the kind takes no onFailure at all, or null when it does: a kind whose failing rules are always taken the
    /// same way (against the customer) says so here instead of offering a choice.
    /// </summary>
    public string? FixedFailure { get; init; }

    public override string ToString() => Prefix;
}

/// <summary>A rule whose condition held, where, and the decision it adds to.</summary>
/// <param name="Line">The line index, for line and candidate rules.</param>
/// <param name="Location">The location id, for candidate rules.</param>
internal readonly record struct RuleHit(CompiledJsonRule Rule, RuleOutcomes Outcomes, OrderFact Order, int? Line, string? Location);

namespace Sourcing.Rules.Evaluation;

/// <summary>Where a decision came from: a JSON workflow rule or an NRules rule.</summary>
public enum RuleSource
{
    Json,
    NRules,
}

/// <summary>A rule that fired, on what, and with what effect: the explanation of a decision.</summary>
/// <param name="LineIndex">The line it applied to, or null for an order-level rule.</param>
/// <param name="LocationId">The location it applied to, or null.</param>
public sealed record TraceEntry(string Rule, RuleSource Source, int? LineIndex, string? LocationId, string Effect);

/// <summary>Line <paramref name="LineIndex"/> may not be sourced from <paramref name="LocationId"/>.</summary>
public sealed record Exclusion(int LineIndex, string LocationId, string Rule, string Reason);

/// <summary>
/// Extra cost (0 or more; rule files refuse a negative one) for line × location per unit, or per shipment from a location.
/// <paramref name="LineIndex"/> is null for a location-wide per-shipment adjustment.
/// </summary>
public sealed record CostAdjustment(int? LineIndex, string LocationId, long PerUnitMinor, long PerShipmentMinor, string Rule);

/// <summary>Why an order is held before release, e.g. FRAUD_REVIEW.</summary>
/// <param name="Category">"" for an ordinary hold; <see cref="PaymentCategory"/> for a hold only finance may release.</param>
public sealed record Hold(string Code, string Rule, string Reason, string Category = "")
{
    /// <summary>The category of holds placed by payment rules: only finance releases them.</summary>
    public const string PaymentCategory = "payment";

    /// <summary>The code of an order held because a payment rule disallowed the method the order was placed with.</summary>
    public const string PaymentMethodNotAllowed = "PAYMENT_METHOD_NOT_ALLOWED";
}

/// <summary>A payment method a payment rule does not offer to this customer for this order, and why.</summary>
public sealed record DisallowedMethod(string Method, string Rule, string Reason);

/// <summary>
/// A rule that threw while this order was evaluated, how often, where first, and what its failure policy made of it.
/// The rest of the rules decided as usual.
/// </summary>
/// <param name="Error">The exception's type and message, shortened.</param>
public sealed record RuleFailure(string Rule, RuleSource Source, FailurePolicy Policy, string Error, int Occurrences, int? FirstLineIndex, string? FirstLocationId);

/// <summary>Order-level constraints decided by policy rules; null means no rule said anything.</summary>
public sealed record OrderConstraints(int? MaxShipments, bool? ShipComplete, bool? BackorderAllowed, IReadOnlyDictionary<int, string> ShipTogetherGroups)
{
    public static OrderConstraints None { get; } = new(null, null, null, new Dictionary<int, string>());
}

/// <summary>What the rules decided for one order, the version that decided it, and the trace.</summary>
public sealed record RuleDirectives(
    string RulesVersion,
    IReadOnlyList<Exclusion> Exclusions,
    IReadOnlyList<CostAdjustment> CostAdjustments,
    OrderConstraints Constraints,
    IReadOnlyList<Hold> Holds,
    IReadOnlyList<TraceEntry> Trace,
    IReadOnlyList<RuleFailure> Failures)
{
    public bool IsExcluded(int lineIndex, string locationId) => Exclusions.Any(e => e.LineIndex == lineIndex && e.LocationId == locationId);

    /// <summary>Payment methods the payment rules do not offer for this order (its own among them when it is held for that).</summary>
    public IReadOnlyList<DisallowedMethod> DisallowedMethods { get; init; } = [];
}

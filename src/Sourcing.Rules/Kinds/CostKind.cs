using Sourcing.Rules.Evaluation;

namespace Sourcing.Rules.Kinds;

/// <summary>Line × location: when true, add perUnitMinor per unit and/or perShipmentMinor per shipment.</summary>
internal static class CostKind
{
    /// <summary>
    /// The largest cost one rule may add. Bounded so that the sum over every rule of a set, times any quantity, stays
    /// far inside a long.
    /// </summary>
    public const long MaxCostMinor = 1_000_000_000;

    /// <summary>Cost rules only steer, so a failing one is ignored.</summary>
    public static readonly RuleKind Kind = new()
    {
        Prefix = "cost",
        Scope = RuleScope.Candidate,
        DefaultFailurePolicy = FailurePolicy.Skip,
        Effects = new Dictionary<string, EffectType> { ["perUnitMinor"] = EffectType.WholeNumber, ["perShipmentMinor"] = EffectType.WholeNumber },
        Validate = effect => CostProblem("perUnitMinor", effect.Number("perUnitMinor")) ?? CostProblem("perShipmentMinor", effect.Number("perShipmentMinor")),
        Apply = hit => hit.Outcomes.Adjust(
            new CostAdjustment(hit.Line, hit.Location!, hit.Rule.Effect.Number("perUnitMinor"), hit.Rule.Effect.Number("perShipmentMinor"), hit.Rule.Name),
            RuleSource.Json),
    };

    /// <summary>
    /// A negative cost is refused rather than given a meaning: the optimizer minimises a sum of costs, and a negative
    /// one rewards shipping more units or more parcels from a location, which no merchandiser means by "prefer".
    /// </summary>
    private static string? CostProblem(string key, long value) => value switch
    {
        < 0 => $"{key} must be 0 or more: a negative cost is refused; to prefer a location, add cost to the others",
        > MaxCostMinor => $"{key} must be at most {MaxCostMinor} (minor units)",
        _ => null,
    };
}

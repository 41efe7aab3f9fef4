using Sourcing.Rules.Evaluation;

namespace Sourcing.Rules.Kinds;

/// <summary>Order: when true, apply maxShipments, shipComplete and/or backorderAllowed (the strictest wins).</summary>
internal static class PolicyKind
{
    /// <summary>Policy rules protect the customer, so a failing one makes a person look at the order.</summary>
    public static readonly RuleKind Kind = new()
    {
        Prefix = "policy",
        Scope = RuleScope.Order,
        DefaultFailurePolicy = FailurePolicy.Hold,
        Effects = new Dictionary<string, EffectType>
        {
            ["maxShipments"] = EffectType.WholeNumber,
            ["shipComplete"] = EffectType.Flag,
            ["backorderAllowed"] = EffectType.Flag,
        },
        Validate = effect => effect.Has("maxShipments") && effect.Number("maxShipments") < 1 ? "maxShipments must be at least 1" : null,
        Apply = hit =>
        {
            var effect = hit.Rule.Effect;
            int? maxShipments = effect.Has("maxShipments") ? (int)Math.Clamp(effect.Number("maxShipments"), int.MinValue, int.MaxValue) : null;
            hit.Outcomes.ApplyPolicy(hit.Rule.Name, maxShipments, effect.Flag("shipComplete"), effect.Flag("backorderAllowed"));
        },
    };
}

using Sourcing.Rules.Evaluation;

namespace Sourcing.Rules.Kinds;

/// <summary>Order: when true, hold the order with code hold until a person releases it (fraud review, say).</summary>
internal static class HoldKind
{
    /// <summary>A failing hold rule holds the order with its own code: the check it stands for was not made.</summary>
    public static readonly RuleKind Kind = new()
    {
        Prefix = "hold",
        Scope = RuleScope.Order,
        DefaultFailurePolicy = FailurePolicy.Hold,
        NeedsReason = true,
        Effects = new Dictionary<string, EffectType> { ["hold"] = EffectType.Text },
        Validate = effect => HoldCodes.Problem(effect.Text("hold"), required: true),
        FailureHoldCode = effect => effect.Text("hold")!,
        Apply = hit => hit.Outcomes.Hold(new Hold(hit.Rule.Effect.Text("hold")!, hit.Rule.Name, hit.Rule.Reason)),
    };
}

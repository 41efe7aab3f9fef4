using Sourcing.Rules.Evaluation;

namespace Sourcing.Rules.Kinds;

/// <summary>
/// Order: when true, the payment method disallow is not offered to this customer for this order, and/or the order is
/// held with code hold; the SuccessEvent is the reason either way. Its holds are payment holds: only finance releases them.
/// </summary>
internal static class PaymentKind
{
    /// <summary>A payment check that threw was not made: the order is held for finance, with the rule's hold code if it has one.</summary>
    public static readonly RuleKind Kind = new()
    {
        Prefix = "payment",
        Scope = RuleScope.Order,
        DefaultFailurePolicy = FailurePolicy.Hold,
        NeedsReason = true,
        HoldCategory = Hold.PaymentCategory,
        Effects = new Dictionary<string, EffectType> { ["disallow"] = EffectType.Text, ["hold"] = EffectType.Text },
        Validate = effect => MethodProblem(effect.Text("disallow")) ?? HoldCodes.Problem(effect.Text("hold"), required: false),
        FailureHoldCode = effect => effect.Text("hold") ?? FailurePolicies.HoldCode,
        Apply = hit =>
        {
            var (rule, outcomes) = (hit.Rule, hit.Outcomes);
            if (rule.Effect.Text("disallow") is { } method)
            {
                outcomes.Disallow(new DisallowedMethod(method, rule.Name, rule.Reason));
            }

            if (rule.Effect.Text("hold") is { } code)
            {
                outcomes.Hold(new Hold(code, rule.Name, rule.Reason, Hold.PaymentCategory));
            }
        },
    };

    /// <summary>Payment method codes as orders carry them: "invoice", "cod", "sepa_direct_debit".</summary>
    private static string? MethodProblem(string? method) =>
        method is null || (method.Length > 0 && method.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            ? null
            : "disallow must be a payment method code in lower case such as \"invoice\"";
}

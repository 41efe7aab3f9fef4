using Sourcing.Rules.Evaluation;

namespace Sourcing.Rules.Kinds;

/// <summary>
/// A returned line: when true, the line is refused (the SuccessEvent is the reason the customer reads), and/or carries
/// a restocking fee, and/or the rule grants an instant refund or goods sent before the return arrives, and/or sets the
/// days within which goods sent or refunded ahead must be back. How the rules of a return combine is
/// <see cref="ReturnEvaluator"/>'s business; this descriptor says what a rule may set.
/// </summary>
internal static class ReturnKind
{
    public const string Refuse = "refuse";
    public const string RestockingFeeBasisPoints = "restockingFeeBasisPoints";
    public const string InstantRefund = "instantRefund";
    public const string ShipBeforeReturn = "shipBeforeReturn";
    public const string ReturnWithinDays = "returnWithinDays";

    public const long MaxBasisPoints = 10_000;
    public const long MaxReturnWithinDays = 365;

    public static readonly RuleKind Kind = new()
    {
        Prefix = "return",
        Scope = RuleScope.ReturnLine,
        // Not a choice for return rules (see FixedFailure): a failing rule never decides in the customer's favour.
        DefaultFailurePolicy = FailurePolicy.Skip,
        FixedFailure = "a return rule that fails refuses the line if it refuses, never grants an instant refund or goods sent ahead, and its restocking fee is ignored",
        NeedsReason = true,
        Effects = new Dictionary<string, EffectType>
        {
            [Refuse] = EffectType.Flag,
            [RestockingFeeBasisPoints] = EffectType.WholeNumber,
            [InstantRefund] = EffectType.Flag,
            [ShipBeforeReturn] = EffectType.Flag,
            [ReturnWithinDays] = EffectType.WholeNumber,
        },
        Validate = effect =>
            OnlyTrue(effect, Refuse) ?? OnlyTrue(effect, InstantRefund) ?? OnlyTrue(effect, ShipBeforeReturn)
            ?? InRange(effect, RestockingFeeBasisPoints, 0, MaxBasisPoints, "basis points of the refunded amount (1000 = 10 %)")
            ?? InRange(effect, ReturnWithinDays, 1, MaxReturnWithinDays, "days"),
        // Return rules are never part of an order's sourcing decision: ReturnEvaluator reads their effects itself.
        Apply = _ => { },
    };

    /// <summary>
    /// A flag that says "no" would be a veto nobody asked for: a rule that does not refuse or grant leaves the flag
    /// out, and a line is allowed and an instant refund withheld unless some rule says otherwise.
    /// </summary>
    private static string? OnlyTrue(Json.RuleEffect effect, string key) =>
        effect.Flag(key) == false ? $"{key} must be true; a rule that does not set it leaves it out" : null;

    private static string? InRange(Json.RuleEffect effect, string key, long min, long max, string unit) =>
        effect.Has(key) && effect.Number(key) is var value && (value < min || value > max)
            ? $"{key} must be {min} to {max} {unit}, is {value}"
            : null;
}

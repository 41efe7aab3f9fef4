namespace Sourcing.Orders;

/// <summary>
/// Holds about money (credit, payment method, prepayment, a failed capture). Only finance releases them; billing
/// places and releases its own (a failed capture, a prepayment that arrived). While one is active the order's
/// remaining units are neither sourced nor handed on by a location (accepted, packed or shipped).
/// </summary>
public static class PaymentHolds
{
    /// <summary>The <see cref="OrderHold.Category"/> of a payment hold.</summary>
    public const string Category = "payment";

    public const string CreditCheck = "CREDIT_CHECK";
    public const string PaymentMethodNotAllowed = "PAYMENT_METHOD_NOT_ALLOWED";
    public const string AwaitingPrepayment = "AWAITING_PREPAYMENT";
    public const string PaymentFailed = "PAYMENT_FAILED";

    /// <summary>The rule name recorded for holds billing places (there is no rule behind them).</summary>
    public const string BillingRule = "billing";

    /// <summary>Codes that are payment holds even when the directive that raised them did not say so.</summary>
    public static readonly IReadOnlySet<string> Codes = new HashSet<string>(StringComparer.Ordinal)
    {
        CreditCheck, PaymentMethodNotAllowed, AwaitingPrepayment, PaymentFailed,
    };

    /// <summary>No rule raises these, so a rule evaluation never releases them: billing or finance does.</summary>
    public static readonly IReadOnlySet<string> ReleasedOnlyByBillingOrFinance = new HashSet<string>(StringComparer.Ordinal)
    {
        AwaitingPrepayment, PaymentFailed,
    };

    public static bool IsPayment(this OrderHold hold) => hold.Category == Category || Codes.Contains(hold.Code);
}

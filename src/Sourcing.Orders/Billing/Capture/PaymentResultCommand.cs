namespace Sourcing.Orders.Billing.Capture;

/// <summary>What the payment provider answered to a capture request (or reports about a refund it paid).</summary>
public enum PaymentResult
{
    Captured = 1,
    Failed = 2,
    AuthorisationExpired = 3,
    Refunded = 4,
}

/// <summary>
/// A payment integration reports the outcome for one invoice's capture request. <paramref name="ProviderReference"/>
/// identifies the provider's transaction (a repeat is recognised by it, else by <paramref name="RequestId"/>).
/// </summary>
public sealed record PaymentResultCommand(
    string RequestId,
    string InvoiceId,
    PaymentResult Result,
    long AmountMinor,
    string Currency,
    string ProviderReference,
    string Detail);

/// <summary>What recording a result did: the payment booked (captured/refunded), how much of it the invoice took, and whether the order is now held.</summary>
public sealed record PaymentResultRecorded(
    string InvoiceId,
    string OrderId,
    PaymentResult Result,
    string PaymentId,
    long AllocatedMinor,
    bool Repeat,
    bool OrderHeld);

public static class CaptureEventTypes
{
    /// <summary>The provider paid money back to the customer (a refund result recorded).</summary>
    public const string Refunded = "payment.refunded";
}

namespace Sourcing.Orders.Billing;

/// <summary>
/// A billing fact for the systems around the service (ERP, payment integration, dunning letters): written with the
/// change that caused it, in the same transaction, and read from the billing feed by position.
/// </summary>
public sealed record BillingEvent(
    string Type,
    DateTimeOffset OccurredAt,
    string CustomerId,
    string OrderId,
    string DocumentId,
    string PaymentId,
    long AmountMinor,
    string Currency,
    string Detail);

public sealed record StoredBillingEvent(long Position, BillingEvent Event);

public static class BillingEventTypes
{
    public const string InvoiceIssued = "invoice.issued";
    public const string CreditNoteIssued = "credit_note.issued";

    /// <summary>The payment integration should capture AmountMinor on the order's authorisation (or collect the direct debit).</summary>
    public const string CaptureRequested = "payment.capture_requested";
    public const string Captured = "payment.captured";
    public const string CaptureFailed = "payment.capture_failed";
    public const string AuthorisationExpired = "payment.authorisation_expired";

    /// <summary>The payment integration should pay AmountMinor back on the order's original payment.</summary>
    public const string RefundRequested = "payment.refund_requested";

    /// <summary>A credit left money paid beyond what is owed, and it stays on the customer's account as credit (no refund).</summary>
    public const string StoreCreditGranted = "payment.store_credit_granted";
    public const string PaymentReceived = "payment.received";
    public const string PaymentAllocated = "payment.allocated";

    /// <summary>A payment nobody could match: a finance clerk assigns it.</summary>
    public const string PaymentUnmatched = "payment.unmatched";

    /// <summary>The customer's prepayment covers the order: its AWAITING_PREPAYMENT hold can be released.</summary>
    public const string PrepaymentReceived = "payment.prepayment_received";
    public const string DunningLevelRaised = "dunning.level_raised";
}

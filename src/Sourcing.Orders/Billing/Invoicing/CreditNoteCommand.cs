namespace Sourcing.Orders.Billing.Invoicing;

/// <summary>
/// A request to credit part of an invoice: either whole units of its lines (<paramref name="Lines"/>, by position on
/// the invoice) or a gross amount (<paramref name="AmountMinor"/>) split across its VAT rates — exactly one of them.
/// The request id makes it idempotent: a repeat answers with the credit note it issued.
/// </summary>
public sealed record CreditNoteCommand(
    string RequestId,
    string InvoiceId,
    CreditReason Reason,
    string ReasonText,
    IReadOnlyList<CreditLine>? Lines,
    long? AmountMinor);

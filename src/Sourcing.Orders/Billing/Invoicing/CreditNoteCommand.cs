namespace Sourcing.Orders.Billing.Invoicing;

/// <summary>
/// A request to credit part of an invoice: either whole units of its lines (<paramref name="Lines"/>, by position on
/// the invoice) or a gross amount (<paramref name="AmountMinor"/>) split across its VAT rates — exactly one of them.
/// The request id makes it idempotent: a repeat answers with the credit note it issued.
/// </summary>
/// <param name="Deductions">
/// What the credit keeps back (a restocking fee, the value of a free item not returned): each a negative line on the
/// note, so the note credits the goods minus these; the note's total must stay positive.
/// </param>
/// <param name="RefundTo">Where money the customer paid beyond what they now owe goes; null means the original payment.</param>
public sealed record CreditNoteCommand(
    string RequestId,
    string InvoiceId,
    CreditReason Reason,
    string ReasonText,
    IReadOnlyList<CreditLine>? Lines,
    long? AmountMinor,
    IReadOnlyList<CreditDeduction>? Deductions = null,
    CreditRefundTo? RefundTo = null);

/// <summary>A gross amount a credit note keeps back, with the VAT rate it was charged at (basis points).</summary>
public sealed record CreditDeduction(string Description, long GrossMinor, int VatRateBasisPoints);

/// <summary>Where money paid beyond what the customer owes after a credit goes.</summary>
public enum CreditRefundTo
{
    /// <summary>Back through the payment method that took it (card, wallet, SEPA: <c>payment.refund_requested</c>).</summary>
    OriginalPayment = 1,

    /// <summary>It stays on the customer's account as a credit balance (unallocated money) for later invoices.</summary>
    StoreCredit = 2,
}

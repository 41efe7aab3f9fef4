namespace Sourcing.Orders.Billing.Receivables;

/// <summary>
/// Money that arrived, as a clerk, an integration or a bank statement reports it. <see cref="Reference"/> is unique per
/// payment (a repeat with the same reference changes nothing); the customer, invoice number and order are hints for
/// matching, the remittance text is searched for invoice numbers.
/// </summary>
public sealed record RecordPaymentCommand(
    string Reference,
    string? CustomerId,
    string? InvoiceNumber,
    string? OrderId,
    long AmountMinor,
    string Currency,
    DateOnly ReceivedOn,
    string PayerName,
    string RemittanceInfo,
    PaymentSource Source);

/// <summary>How a payment was matched.</summary>
public enum PaymentMatch
{
    /// <summary>All of the money settled the invoices it was meant for.</summary>
    Matched = 1,

    /// <summary>All of the money went to invoices, and some of them are still open.</summary>
    Partial = 2,

    /// <summary>The customer is known and money is left as the customer's credit balance (overpayment, prepayment, no matching item).</summary>
    Overpaid = 3,

    /// <summary>Nobody could be matched (or the currency differs from the invoice's): listed for a finance clerk to assign.</summary>
    Unmatched = 4,

    /// <summary>The reference is recorded already: nothing changed.</summary>
    Duplicate = 5,
}

/// <summary>The payment as recorded (as it would have been, for a duplicate), what it settled, and how it was matched.</summary>
public sealed record PaymentOutcome(Payment Payment, IReadOnlyList<Allocation> Allocations, PaymentMatch Match);

namespace Sourcing.Orders.Billing;

public enum PaymentSource
{
    /// <summary>Recorded by a finance clerk or an integration over gRPC.</summary>
    Manual = 1,

    /// <summary>A credit entry of an imported bank statement (camt.053).</summary>
    BankStatement = 2,

    /// <summary>Captured by the payment service provider on a capture request (card, wallet, SEPA direct debit).</summary>
    Capture = 3,

    /// <summary>Taken at the store counter or by the carrier (cash on delivery).</summary>
    Counter = 4,

    /// <summary>Money paid back to the customer (negative amount).</summary>
    Refund = 5,
}

/// <summary>Money received from (or, negative, paid back to) a customer, and how much of it no invoice has taken yet.</summary>
public sealed class Payment
{
    public string Id { get; set; } = "";

    /// <summary>Empty while nobody has matched the payment to a customer (listed for a finance clerk).</summary>
    public string CustomerId { get; set; } = "";
    public string Currency { get; set; } = "EUR";
    public long AmountMinor { get; set; }

    /// <summary>The part no invoice has taken: a customer's credit balance (overpayment, prepayment not yet invoiced).</summary>
    public long UnallocatedMinor { get; set; }
    public PaymentSource Source { get; set; }

    /// <summary>Unique per payment: the bank's entry reference, the capture id, the caller's request id. A repeat is recognised by it.</summary>
    public string ExternalReference { get; set; } = "";

    /// <summary>The bank booking day (or the day the money was taken).</summary>
    public DateOnly ReceivedOn { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public string RecordedBy { get; set; } = "";
    public string PayerName { get; set; } = "";

    /// <summary>Verwendungszweck: the payer's remittance text, where invoice numbers are looked for.</summary>
    public string RemittanceInfo { get; set; } = "";

    /// <summary>The order a capture or prepayment belongs to (empty otherwise).</summary>
    public string OrderId { get; set; } = "";
}

/// <summary>Part of a payment settling part of an invoice. A payment's allocations never sum to more than its amount.</summary>
public sealed class Allocation
{
    public string Id { get; set; } = "";
    public string PaymentId { get; set; } = "";
    public string InvoiceId { get; set; } = "";
    public string CustomerId { get; set; } = "";
    public string Currency { get; set; } = "EUR";
    public long AmountMinor { get; set; }
    public DateTimeOffset AllocatedAt { get; set; }

    /// <summary>"auto" when matched by reference and amount; otherwise the clerk who assigned it.</summary>
    public string AllocatedBy { get; set; } = "";
}

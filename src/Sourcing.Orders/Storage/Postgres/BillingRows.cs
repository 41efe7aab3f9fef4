namespace Sourcing.Orders.Storage.Postgres;

// The billing tables as EF Core sees them: the schema (and its migrations) comes from these, while PostgresBillingStore
// reads and writes them with its own statements. Enums are stored by name, like everything in the documents.

/// <summary>A customer's account header; its row is what a change locks (SELECT ... FOR UPDATE) to hold the account.</summary>
public sealed class BillingAccountRow
{
    public string CustomerId { get; set; } = "";
    public long Version { get; set; }
    public int DunningLevel { get; set; }
    public long? CreditLimitMinor { get; set; }
    public int InvoicesPaid { get; set; }
    public int InvoicesPaidLate { get; set; }

    /// <summary>The buyer party as JSON (BillingJson).</summary>
    public string Buyer { get; set; } = "{}";
}

/// <summary>An issued invoice or credit note: the columns it is found by, and the document itself. Never updated.</summary>
public sealed class BillingDocumentRow
{
    public string Id { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Series { get; set; } = "";
    public int Year { get; set; }
    public long Sequence { get; set; }
    public string Number { get; set; } = "";

    /// <summary>Null when the document has none (the unique index then does not apply).</summary>
    public string? SourceKey { get; set; }
    public string CustomerId { get; set; } = "";
    public string OrderId { get; set; } = "";
    public string Currency { get; set; } = "";
    public long GrossMinor { get; set; }
    public DateTimeOffset IssuedAt { get; set; }
    public string Document { get; set; } = "";
}

/// <summary>An invoice's receivable: what was asked, credited and paid, and its dunning state.</summary>
public sealed class OpenItemRow
{
    public string InvoiceId { get; set; } = "";
    public string CustomerId { get; set; } = "";
    public string Number { get; set; } = "";
    public string OrderId { get; set; } = "";
    public string Purpose { get; set; } = "";
    public string PaymentMethod { get; set; } = "";
    public string Currency { get; set; } = "";
    public long GrossMinor { get; set; }
    public long CreditedMinor { get; set; }
    public long PaidMinor { get; set; }
    public DateOnly IssuedOn { get; set; }
    public DateOnly DueDate { get; set; }
    public DateOnly? DiscountUntil { get; set; }
    public int DiscountBasisPoints { get; set; }
    public int DunningLevel { get; set; }
    public DateOnly? LastDunnedOn { get; set; }
    public DateOnly? SettledOn { get; set; }
}

public sealed class PaymentRow
{
    public string Id { get; set; } = "";

    /// <summary>Empty while unassigned.</summary>
    public string CustomerId { get; set; } = "";
    public string Currency { get; set; } = "";
    public long AmountMinor { get; set; }
    public long UnallocatedMinor { get; set; }
    public string Source { get; set; } = "";

    /// <summary>Null when the payment has none (the unique index then does not apply).</summary>
    public string? ExternalReference { get; set; }
    public DateOnly ReceivedOn { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public string RecordedBy { get; set; } = "";
    public string PayerName { get; set; } = "";
    public string RemittanceInfo { get; set; } = "";
    public string OrderId { get; set; } = "";
}

public sealed class AllocationRow
{
    public string Id { get; set; } = "";
    public string PaymentId { get; set; } = "";
    public string InvoiceId { get; set; } = "";
    public string CustomerId { get; set; } = "";
    public string Currency { get; set; } = "";
    public long AmountMinor { get; set; }
    public DateTimeOffset AllocatedAt { get; set; }
    public string AllocatedBy { get; set; } = "";
}

/// <summary>The last sequence issued in a series and year: taken with UPDATE ... RETURNING inside the issuing transaction.</summary>
public sealed class DocumentCounterRow
{
    public string Series { get; set; } = "";
    public int Year { get; set; }
    public long LastSequence { get; set; }
}

/// <summary>A billing feed entry; its position comes from <see cref="BillingFeedCounterRow"/> in the writing transaction.</summary>
public sealed class BillingEventRow
{
    public long Position { get; set; }
    public string Type { get; set; } = "";
    public string CustomerId { get; set; } = "";
    public string OrderId { get; set; } = "";
    public string DocumentId { get; set; } = "";
    public string PaymentId { get; set; } = "";
    public long AmountMinor { get; set; }
    public string Currency { get; set; } = "";
    public string Detail { get; set; } = "";
    public DateTimeOffset OccurredAt { get; set; }
}

/// <summary>The single row holding the billing feed's last position.</summary>
public sealed class BillingFeedCounterRow
{
    public int Id { get; set; }
    public long LastPosition { get; set; }
}

public sealed class FeedCheckpointRow
{
    public string Follower { get; set; } = "";
    public long Position { get; set; }
}

namespace Sourcing.Orders.Billing;

// Invoices and credit notes as issued: plain data, stored as one document each and never changed once issued (the
// store assigns Number and Sequence in the transaction that issues them). Money is integer minor units of Currency.

public enum BillingDocumentKind
{
    Invoice = 1,

    /// <summary>A Rechnungskorrektur: credits part or all of one invoice (amounts positive, meaning "credited").</summary>
    CreditNote = 2,
}

/// <summary>Why an invoice was issued: goods shipped, a dunning fee charged, or goods sent or refunded ahead of a return that never came back.</summary>
public enum InvoicePurpose
{
    Goods = 1,
    DunningFee = 2,
    ReturnCharge = 3,
}

public enum CreditReason
{
    /// <summary>Units invoiced but not delivered (cancelled or returned to sender before delivery).</summary>
    Cancellation = 1,
    PriceAdjustment = 2,
    Return = 3,
}

public sealed class BillingParty
{
    public string Name { get; set; } = "";
    public string Street { get; set; } = "";
    public string PostalCode { get; set; } = "";
    public string City { get; set; } = "";

    /// <summary>ISO 3166-1 alpha-2.</summary>
    public string Country { get; set; } = "DE";

    /// <summary>USt-IdNr. (seller always; buyer when a business gave one).</summary>
    public string VatId { get; set; } = "";

    /// <summary>Steuernummer of the seller.</summary>
    public string TaxNumber { get; set; } = "";
    public string Email { get; set; } = "";
}

public sealed class BillingDocumentLine
{
    /// <summary>1-based position on the document.</summary>
    public int Position { get; set; }

    /// <summary>The order line this bills (empty for shipping and fees).</summary>
    public string LineId { get; set; } = "";
    public string Sku { get; set; } = "";
    public string Description { get; set; } = "";
    public int Quantity { get; set; }

    /// <summary>What the customer pays per unit, VAT included.</summary>
    public long UnitGrossMinor { get; set; }

    /// <summary>VAT rate in basis points (1900 = 19 %).</summary>
    public int VatRateBasisPoints { get; set; }
    public long NetMinor { get; set; }
    public long VatMinor { get; set; }
    public long GrossMinor { get; set; }
}

/// <summary>One VAT rate's sums over the document's lines (the VAT breakdown a German invoice must show).</summary>
public sealed class VatTotal
{
    public int RateBasisPoints { get; set; }
    public long NetMinor { get; set; }
    public long VatMinor { get; set; }
    public long GrossMinor { get; set; }
}

/// <summary>When an invoice is due, and the early-payment discount (Skonto) it offers.</summary>
public sealed class PaymentTerms
{
    public int NetDays { get; set; }
    public int DiscountDays { get; set; }

    /// <summary>Discount for payment within DiscountDays, in basis points (200 = 2 %); 0 for none.</summary>
    public int DiscountBasisPoints { get; set; }
}

public sealed class BillingDocument
{
    public string Id { get; set; } = "";
    public BillingDocumentKind Kind { get; set; }
    public InvoicePurpose Purpose { get; set; } = InvoicePurpose.Goods;

    /// <summary>The number series (e.g. "RE" invoices, "GS" credit notes, "MG" dunning fees).</summary>
    public string Series { get; set; } = "";

    /// <summary>The calendar year of the document date: numbering restarts at 1 per series and year.</summary>
    public int Year { get; set; }

    /// <summary>Assigned by the store on issue: 1, 2, 3, ... with no gap and no repeat per series and year.</summary>
    public long Sequence { get; set; }

    /// <summary>Series, year and sequence as printed, e.g. "RE-2026-000042"; assigned with Sequence.</summary>
    public string Number { get; set; } = "";

    /// <summary>What the document bills, unique per kind: "shipment:{id}", "order:{id}", "dunning:{id}", "return-charge:{rma id}", or the request id of a credit note.</summary>
    public string SourceKey { get; set; } = "";

    public string CustomerId { get; set; } = "";
    public string OrderId { get; set; } = "";
    public string Channel { get; set; } = "";
    public string ExternalOrderNumber { get; set; } = "";
    public string ShipmentId { get; set; } = "";
    public string Currency { get; set; } = "EUR";

    /// <summary>When it was issued, on the service's clock.</summary>
    public DateTimeOffset IssuedAt { get; set; }

    /// <summary>The invoice date: the seller's local day of IssuedAt.</summary>
    public DateOnly DocumentDate { get; set; }

    /// <summary>The delivery (Leistungs-) date: the seller's local day the goods shipped.</summary>
    public DateOnly DeliveryDate { get; set; }

    public BillingParty Seller { get; set; } = new();
    public BillingParty Buyer { get; set; } = new();
    public List<BillingDocumentLine> Lines { get; set; } = [];
    public List<VatTotal> VatTotals { get; set; } = [];
    public long NetTotalMinor { get; set; }
    public long VatTotalMinor { get; set; }
    public long GrossTotalMinor { get; set; }

    public string PaymentMethod { get; set; } = "";
    public PaymentTerms Terms { get; set; } = new();

    /// <summary>DocumentDate + Terms.NetDays (invoices only).</summary>
    public DateOnly? DueDate { get; set; }

    /// <summary>Pay by this day to deduct the discount (invoices offering one).</summary>
    public DateOnly? DiscountUntil { get; set; }

    // Credit notes only.
    public string CorrectsInvoiceId { get; set; } = "";
    public string CorrectsInvoiceNumber { get; set; } = "";
    public CreditReason? CreditReason { get; set; }
    public string ReasonText { get; set; } = "";
}

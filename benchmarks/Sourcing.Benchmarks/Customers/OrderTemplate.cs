using Sourcing.Orders;
using Sourcing.Orders.Billing;
using Sourcing.Orders.Returns;

namespace Sourcing.Benchmarks.Customers;

/// <summary>Where an order template's life ended.</summary>
internal enum OrderShape
{
    /// <summary>Allocated, waiting for its locations to ship: the customer's latest orders.</summary>
    InFulfilment,
    Shipped,
    Delivered,

    /// <summary>Delivered, paid on invoice: an invoice was issued at shipment.</summary>
    DeliveredInvoiced,

    /// <summary>Delivered, paid on invoice, every unit sent back and refunded by a credit note.</summary>
    Returned,
    Cancelled,
}

/// <summary>An order event of a template: its time as a distance from the order's creation.</summary>
internal sealed record TemplateEvent(string Type, TimeSpan Offset, TextTemplate Actor, TextTemplate Reason, TextTemplate Detail);

/// <summary>A billing document of a template (the invoice or the credit note), with the columns its row is found by.</summary>
internal sealed record TemplateDocument(
    BillingDocumentKind Kind, string Series, int IdSlot, int NumberSlot, TextTemplate SourceKey, string Currency, long GrossMinor, TimeSpan IssuedOffset, JsonTemplate Json);

/// <summary>
/// One order made through the domain in memory — the real <see cref="OrderLifecycle"/>, <see cref="ReturnService"/>
/// with the real settlement, and <c>InvoicingService</c> — and cut into templates for its stored rows: the order's
/// document and columns, its history, its returns' index rows, and the billing documents, open items and billing
/// events the account change wrote.
/// </summary>
internal sealed class OrderTemplate
{
    public required int Index { get; init; }
    public required OrderShape Shape { get; init; }
    public required JsonTemplate Document { get; init; }
    public required OrderProjection Projection { get; init; }

    /// <summary>The row's version: how many times the order was written.</summary>
    public required long Version { get; init; }
    public required TimeSpan UpdatedOffset { get; init; }
    public TimeSpan? HoldExpiryOffset { get; init; }

    /// <summary>From creation to the last thing that happened: a copy is never created later than now minus this.</summary>
    public required TimeSpan Span { get; init; }

    public required IReadOnlyList<TemplateEvent> Events { get; init; }

    /// <summary>The returns' index rows (OrderJson of the projections), rendered and read per copy.</summary>
    public JsonTemplate? Returns { get; init; }

    public required IReadOnlyList<TemplateDocument> Documents { get; init; }

    /// <summary>The invoice's open item (BillingJson of <see cref="OpenItem"/>), rendered and read per copy; null without an invoice.</summary>
    public JsonTemplate? OpenItem { get; init; }

    /// <summary>The billing events of the account changes (BillingJson of the list), rendered and read per copy.</summary>
    public JsonTemplate? BillingEvents { get; init; }

    /// <summary>How many account changes the order caused (each increments the account row's version).</summary>
    public int AccountChanges { get; init; }

    /// <summary>The buyer the last change wrote on the account header (BillingJson of <see cref="BillingParty"/>).</summary>
    public JsonTemplate? Buyer { get; init; }

    public required string RequestFingerprint { get; init; }

    /// <summary>
    /// The prefixes ("rfd_") of the other ids the domain drew at random in this order; a copy's values from
    /// <see cref="OrderSlots.Count"/> on are ids of its own with these prefixes.
    /// </summary>
    public required IReadOnlyList<string> RandomIdPrefixes { get; init; }
}

namespace Sourcing.Orders.Customers.Overview;

public enum TimelineSource
{
    /// <summary>An order's event (its returns' included), from the order feed.</summary>
    Order,

    /// <summary>A change of the customer record (registered, contact changed, merged, erased).</summary>
    Customer,

    /// <summary>An invoice or credit note issued.</summary>
    Document,

    /// <summary>A payment recorded (or a refund paid).</summary>
    Payment,
}

/// <summary>One thing that happened, as the timeline shows it; no personal values beyond what the source itself holds.</summary>
/// <param name="Subject">The order id, customer id, document number or payment id.</param>
/// <param name="Type">The event type (e.g. "order.created", "customer.merged", "invoice.issued", "payment.recorded").</param>
public sealed record TimelineEntry(DateTimeOffset At, TimelineSource Source, string Type, string Subject, string Channel, string Actor, string Summary);

/// <param name="NextPageToken">Null on the last page; opaque to callers.</param>
public sealed record TimelinePage(IReadOnlyList<TimelineEntry> Entries, string? NextPageToken);

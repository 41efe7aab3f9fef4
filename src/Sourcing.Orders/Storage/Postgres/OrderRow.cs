namespace Sourcing.Orders.Storage.Postgres;

/// <summary>
/// One order: the whole document as jsonb plus the columns that queries filter and sort on, all derived from the
/// document on every write (<see cref="Order.Project"/>) so they can never disagree with it.
/// </summary>
public sealed class OrderRow
{
    public string OrderId { get; set; } = "";
    public string Channel { get; set; } = "";
    public string ExternalOrderNumber { get; set; } = "";
    public string CustomerId { get; set; } = "";

    /// <summary>The <see cref="OrderStatus"/> name, so a reordered enum never changes what a row means.</summary>
    public string Status { get; set; } = "";

    public long TotalMinor { get; set; }
    public string Currency { get; set; } = "";

    /// <summary>The service clock's value (never PostgreSQL's now()): the reconciler compares it with the same clock.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency: a save only applies where the row still has the version the order was read at.</summary>
    public long Version { get; set; }

    public bool Unfinished { get; set; }
    public string[] BackorderedSkus { get; set; } = [];
    public DateTimeOffset? EarliestHoldExpiry { get; set; }

    // The customer facts' base (see OrderProjection): summed per customer without reading documents.
    public int UnitsShipped { get; set; }
    public int UnitsReturned { get; set; }
    public long ShippedValueMinor { get; set; }
    public long ReturnedValueMinor { get; set; }

    /// <summary>The <see cref="OrderDocument"/> as written by <see cref="OrderJson"/>.</summary>
    public string Document { get; set; } = "";
}

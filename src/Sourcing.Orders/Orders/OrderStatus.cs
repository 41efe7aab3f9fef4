namespace Sourcing.Orders;

/// <summary>The order as a whole, derived from its holds and its lines' state quantities (never stored on its own).</summary>
public enum OrderStatus
{
    /// <summary>Captured, waiting to be sourced.</summary>
    Open = 1,
    OnHold = 2,

    /// <summary>Nothing allocated yet and some units wait for stock.</summary>
    Backordered = 3,

    /// <summary>Units are at locations being fulfilled.</summary>
    InFulfilment = 4,
    PartiallyShipped = 5,
    Shipped = 6,
    Delivered = 7,
    Cancelled = 8,
}

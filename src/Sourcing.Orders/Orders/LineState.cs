namespace Sourcing.Orders;

/// <summary>Where a unit of an order line is in its life. A line's quantity is spread over these states.</summary>
public enum LineState
{
    /// <summary>Captured and waiting to be sourced.</summary>
    Open = 1,

    /// <summary>Waiting while the order is on hold (fraud, payment, credit); not sourced until released.</summary>
    Held = 2,

    /// <summary>Stock reserved at a location; its fulfilment order waits for the location to accept it.</summary>
    Allocated = 3,

    /// <summary>The location accepted the fulfilment order: the units are released to it for picking.</summary>
    Released = 4,

    /// <summary>The location reported the units picked and packed.</summary>
    Picked = 5,

    Shipped = 6,
    Delivered = 7,

    /// <summary>No location could supply the units; they are sourced again when stock arrives.</summary>
    Backordered = 8,

    Cancelled = 9,

    /// <summary>Came back from the customer after shipment.</summary>
    Returned = 10,
}

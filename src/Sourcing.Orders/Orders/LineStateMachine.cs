namespace Sourcing.Orders;

/// <summary>
/// Every move a unit of an order line may make, in one table. Anything not listed is refused with
/// <see cref="OrderStateException"/> naming the state the units are in.
/// </summary>
public static class LineStateMachine
{
    /// <summary>(from, to) → what causes the move.</summary>
    public static readonly IReadOnlyDictionary<(LineState From, LineState To), string> Transitions =
        new Dictionary<(LineState, LineState), string>
        {
            [(LineState.Open, LineState.Held)] = "a hold was placed on the order",
            [(LineState.Open, LineState.Allocated)] = "sourced: stock reserved at a location",
            [(LineState.Open, LineState.Backordered)] = "sourced: no location can supply the units now",
            [(LineState.Open, LineState.Cancelled)] = "cancelled before sourcing",

            [(LineState.Held, LineState.Open)] = "the last hold was released",
            [(LineState.Held, LineState.Cancelled)] = "cancelled while on hold",

            [(LineState.Allocated, LineState.Released)] = "the location accepted its fulfilment order",
            [(LineState.Allocated, LineState.Open)] = "rejected by the location or its reservation lapsed: to be sourced again",
            [(LineState.Allocated, LineState.Shipped)] = "the location confirmed the shipment without accepting first",
            [(LineState.Allocated, LineState.Cancelled)] = "cancelled before the location accepted",

            [(LineState.Released, LineState.Picked)] = "the location picked and packed the units",
            [(LineState.Released, LineState.Open)] = "rejected by the location or its reservation lapsed: to be sourced again",
            [(LineState.Released, LineState.Shipped)] = "the location confirmed the shipment",
            [(LineState.Released, LineState.Cancelled)] = "cancelled before shipment",

            [(LineState.Picked, LineState.Open)] = "rejected at packing (damaged): to be sourced again",
            [(LineState.Picked, LineState.Shipped)] = "the location confirmed the shipment",
            [(LineState.Picked, LineState.Cancelled)] = "cancelled before shipment",

            [(LineState.Backordered, LineState.Open)] = "stock arrived: to be sourced again",
            [(LineState.Backordered, LineState.Cancelled)] = "cancelled while backordered",

            [(LineState.Shipped, LineState.Delivered)] = "the carrier reported the delivery",
            [(LineState.Shipped, LineState.Returned)] = "returned by the customer",
            [(LineState.Delivered, LineState.Returned)] = "returned by the customer",
        };

    public static bool IsAllowed(LineState from, LineState to) => Transitions.ContainsKey((from, to));

    /// <summary>States from which a cancellation may take units, in the order it takes them (least committed first).</summary>
    public static readonly IReadOnlyList<LineState> CancellableStates =
        [LineState.Open, LineState.Held, LineState.Backordered, LineState.Allocated, LineState.Released, LineState.Picked];

    /// <summary>States whose units have left the building: a cancellation cannot take them back (returns do).</summary>
    public static bool IsShippedOrLater(LineState state) => state is LineState.Shipped or LineState.Delivered or LineState.Returned;
}

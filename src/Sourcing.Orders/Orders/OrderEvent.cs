using Sourcing.Orders.Returns;

namespace Sourcing.Orders;

/// <summary>Something that happened to an order: appended to its history and, in the same transaction, to the event feed.</summary>
/// <param name="Type">One of <see cref="OrderEventTypes"/>.</param>
/// <param name="Actor">Who caused it: the caller's subject, or "system" for the service's own work (re-sourcing, reconciling).</param>
/// <param name="Reason">Why, in words; empty when the type says it all.</param>
/// <param name="Detail">What changed, in words a person reads in the history (quantities, locations, codes).</param>
public sealed record OrderEvent(string Type, DateTimeOffset OccurredAt, string Actor, string Reason, string Detail);

/// <summary>An event as stored: its place in the feed (global, increasing) and in its order's history.</summary>
public sealed record StoredOrderEvent(long Position, string OrderId, string Channel, int Sequence, OrderEvent Event);

public static class OrderEventTypes
{
    public const string Created = "order.created";
    public const string Held = "order.held";
    public const string HoldReleased = "order.hold_released";
    public const string Sourced = "order.sourced";
    public const string Backordered = "order.backordered";
    public const string SourcingAbandoned = "order.sourcing_abandoned";
    public const string Resourcing = "order.resourcing";
    public const string Cancelled = "order.cancelled";
    public const string FulfilmentCreated = "fulfilment.created";
    public const string FulfilmentAccepted = "fulfilment.accepted";
    public const string FulfilmentPacked = "fulfilment.packed";
    public const string FulfilmentLinesRejected = "fulfilment.lines_rejected";
    public const string ReservationLapsed = "fulfilment.reservation_lapsed";
    public const string ShipmentConfirmed = "shipment.confirmed";
    public const string ShipmentDelivered = "shipment.delivered";
    public const string DeliveryFailed = "shipment.delivery_failed";

    /// <summary>The customer's personal data was erased from the order (contact, addresses, references, free texts).</summary>
    public const string PersonalDataErased = "order.personal_data_erased";

    /// <summary>Every type the feed carries: the order's own and its returns' (<see cref="ReturnEventTypes"/>).</summary>
    public static readonly IReadOnlySet<string> All = new HashSet<string>(
        [
            Created, Held, HoldReleased, Sourced, Backordered, SourcingAbandoned, Resourcing, Cancelled, FulfilmentCreated,
            FulfilmentAccepted, FulfilmentPacked, FulfilmentLinesRejected, ReservationLapsed, ShipmentConfirmed,
            ShipmentDelivered, DeliveryFailed, PersonalDataErased, .. ReturnEventTypes.All,
        ],
        StringComparer.Ordinal);
}

namespace Sourcing.Orders.Returns;

/// <summary>The order events a return appends to its order's history and the event feed (see OrderEventTypes.All).</summary>
public static class ReturnEventTypes
{
    public const string Authorised = "return.authorised";
    public const string DroppedOff = "return.dropped_off";
    public const string Received = "return.received";
    public const string Restocked = "return.restocked";
    public const string Quarantined = "return.quarantined";
    public const string WrittenOff = "return.written_off";
    public const string ToSupplier = "return.to_supplier";
    public const string RefundDecided = "return.refund_decided";
    public const string Refunded = "return.refunded";
    public const string LinkedOrderCreated = "return.linked_order_created";
    public const string Charged = "return.charged";
    public const string Cancelled = "return.cancelled";
    public const string Expired = "return.expired";
    public const string Closed = "return.closed";
    public const string SentToRepair = "repair.sent_to_partner";
    public const string RepairOutcome = "repair.outcome";
    public const string ShippedBack = "repair.shipped_back";

    public static readonly IReadOnlyList<string> All =
    [
        Authorised, DroppedOff, Received, Restocked, Quarantined, WrittenOff, ToSupplier, RefundDecided, Refunded,
        LinkedOrderCreated, Charged, Cancelled, Expired, Closed, SentToRepair, RepairOutcome, ShippedBack,
    ];
}

using Sourcing.Orders.Returns;

namespace Sourcing.Orders;

// The order's stored form: plain data, serialized as one document (the aggregate root's row holds it, see IOrderStore).
// Behaviour and invariants live in Order; nothing outside this project changes these objects.

public sealed class PostalAddress
{
    public string Name { get; set; } = "";
    public string Street { get; set; } = "";
    public string PostalCode { get; set; } = "";
    public string City { get; set; } = "";

    /// <summary>ISO 3166-1 alpha-2.</summary>
    public string Country { get; set; } = "DE";
}

public sealed class OrderCustomer
{
    public string Id { get; set; } = "";
    public string Segment { get; set; } = "";
    public bool Vip { get; set; }
    public string Email { get; set; } = "";
    public string Phone { get; set; } = "";

    /// <summary>How the channel identified the customer, when it did (a loyalty card at the POS, a phone number at the call centre).</summary>
    public Customers.IdentityKind? IdentityKind { get; set; }

    /// <summary>The identity's value as normalised (<see cref="Customers.CustomerText.IdentityValue"/>); "" when none.</summary>
    public string IdentityValue { get; set; } = "";
}

public sealed class OrderLine
{
    public string LineId { get; set; } = "";
    public string Sku { get; set; } = "";
    public int Quantity { get; set; }
    public long UnitPriceMinor { get; set; }

    /// <summary>VAT rate in basis points (1900 = 19 %).</summary>
    public int TaxRateBasisPoints { get; set; }

    public int WeightGrams { get; set; }
    public string Category { get; set; } = "";
    public bool Hazardous { get; set; }
    public string KitId { get; set; } = "";

    /// <summary>A free item (a gift with purchase): the line it came with. Empty for ordinary lines.</summary>
    public string FreeWithLineId { get; set; } = "";

    /// <summary>
    /// A free item's gross value per unit in minor units: what a return of the line it came with keeps back when the
    /// free item is not returned too. 0 for ordinary lines.
    /// </summary>
    public long FreeItemValueMinor { get; set; }

    /// <summary>How many units are in each state; the values always sum to <see cref="Quantity"/>.</summary>
    public Dictionary<LineState, int> States { get; set; } = [];

    /// <summary>Locations that rejected units of this line: never proposed again for it.</summary>
    public List<string> ExcludedLocations { get; set; } = [];

    public int In(LineState state) => States.GetValueOrDefault(state);
}

public sealed class OrderHold
{
    public string Code { get; set; } = "";
    public string Rule { get; set; } = "";
    public string Reason { get; set; } = "";

    /// <summary>"payment" for holds about money (only finance releases them, see PaymentHolds); empty for the others.</summary>
    public string Category { get; set; } = "";
    public DateTimeOffset PlacedAt { get; set; }
    public DateTimeOffset? ReleasedAt { get; set; }
    public string ReleasedBy { get; set; } = "";
    public string ReleaseReason { get; set; } = "";

    public bool Active => ReleasedAt is null;
}

public enum FulfilmentStatus
{
    /// <summary>Sent to the location, waiting for it to accept.</summary>
    Created = 1,
    Accepted = 2,
    Packed = 3,

    /// <summary>Nothing left to do: every unit shipped, rejected or cancelled.</summary>
    Closed = 4,
}

public sealed class FulfilmentLine
{
    public string LineId { get; set; } = "";
    public string Sku { get; set; } = "";
    public int Quantity { get; set; }
    public int Shipped { get; set; }
    public int Rejected { get; set; }
    public int Cancelled { get; set; }

    /// <summary>The stock hold in the inventory for the units still to ship; empty once none are left.</summary>
    public string ReservationId { get; set; } = "";

    public DateTimeOffset? ReservationExpiresAt { get; set; }

    /// <summary>How many times the hold was replaced (after a partial rejection); part of the next hold's request id.</summary>
    public int HoldRevision { get; set; }

    public int Remaining => Quantity - Shipped - Rejected - Cancelled;
}

public sealed class FulfilmentOrder
{
    public string Id { get; set; } = "";
    public string LocationId { get; set; } = "";
    public FulfilmentStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<FulfilmentLine> Lines { get; set; } = [];

    /// <summary>The line state of the units still to ship (Allocated, Released or Picked).</summary>
    public LineState UnitState => Status switch
    {
        FulfilmentStatus.Accepted => LineState.Released,
        FulfilmentStatus.Packed => LineState.Picked,
        _ => LineState.Allocated,
    };

    public int Remaining => Lines.Sum(l => l.Remaining);
}

public sealed class ShipmentLine
{
    public string LineId { get; set; } = "";
    public int Quantity { get; set; }
}

public sealed class DeliveryEvent
{
    /// <summary>"delivered" or "failed".</summary>
    public string Kind { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public string Detail { get; set; } = "";
}

public sealed class Shipment
{
    public string Id { get; set; } = "";
    public string FulfilmentOrderId { get; set; } = "";
    public string LocationId { get; set; } = "";
    public string Carrier { get; set; } = "";
    public string TrackingNumber { get; set; } = "";
    public DateTimeOffset ShippedAt { get; set; }
    public List<ShipmentLine> Lines { get; set; } = [];
    public List<DeliveryEvent> DeliveryEvents { get; set; } = [];
    public bool Delivered { get; set; }
}

public sealed class PlannedUnits
{
    public string LineId { get; set; } = "";
    public string LocationId { get; set; } = "";
    public int Quantity { get; set; }
}

/// <summary>What the rules and the optimizer decided for one sourcing attempt, kept with the order.</summary>
public sealed class SourcingRecord
{
    public int Attempt { get; set; }
    public DateTimeOffset DecidedAt { get; set; }
    public string RulesVersion { get; set; } = "";
    public string SolverStatus { get; set; } = "";
    public string SolverMethod { get; set; } = "";
    public long TotalCostMinor { get; set; }
    public List<PlannedUnits> Allocations { get; set; } = [];
    public List<PlannedUnits> Backordered { get; set; } = [];

    /// <summary>Why, in words: the order-level rule decisions and per line what was chosen (bounded).</summary>
    public List<string> Explanation { get; set; } = [];
}

/// <summary>One stock hold to take for a sourcing attempt; the request id is derived from the order, so a retry never holds twice.</summary>
public sealed class PlannedHold
{
    public string HoldRequestId { get; set; } = "";
    public string LineId { get; set; } = "";
    public string Sku { get; set; } = "";
    public string LocationId { get; set; } = "";
    public int Quantity { get; set; }
}

/// <summary>A sourcing attempt written before its holds are taken: after a crash the reconciler finds and undoes it.</summary>
public sealed class PendingAllocation
{
    public int Attempt { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public List<PlannedHold> Holds { get; set; } = [];
    public SourcingRecord Decision { get; set; } = new();
}

public enum StockActionKind
{
    /// <summary>Give the reservation's units back to available stock.</summary>
    Release = 1,

    /// <summary>Turn the reservation into a deduction of on hand (the units shipped).</summary>
    Commit = 2,

    /// <summary>Hold the units a location kept after a partial rejection, under a fresh reservation.</summary>
    Rehold = 3,
}

/// <summary>A change to stock the order has decided on but the inventory has not confirmed yet.</summary>
public sealed class PendingStockAction
{
    public string Id { get; set; } = "";
    public StockActionKind Kind { get; set; }
    public string ReservationId { get; set; } = "";
    public string HoldRequestId { get; set; } = "";
    public string FulfilmentOrderId { get; set; } = "";
    public string LineId { get; set; } = "";
    public string Sku { get; set; } = "";
    public string LocationId { get; set; } = "";
    public int Quantity { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Everything stored for an order, as one document.</summary>
public sealed class OrderDocument
{
    public string OrderId { get; set; } = "";
    public string Channel { get; set; } = "";
    public string ExternalOrderNumber { get; set; } = "";
    public Dictionary<string, string> ChannelReferences { get; set; } = [];
    public OrderCustomer Customer { get; set; } = new();
    public PostalAddress ShippingAddress { get; set; } = new();
    public PostalAddress BillingAddress { get; set; } = new();

    /// <summary>Latitude and longitude of the destination when the channel knows them; otherwise the postal code is used.</summary>
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }

    public string Currency { get; set; } = "EUR";
    public string DeliveryMethod { get; set; } = "standard";
    public string PickupLocationId { get; set; } = "";
    public long ShippingChargeMinor { get; set; }
    public string PaymentMethod { get; set; } = "";

    /// <summary>The authorisation reference of a card or wallet payment (what a capture is taken on).</summary>
    public string PaymentReference { get; set; } = "";

    /// <summary>The payment service provider that authorised a card or wallet payment (e.g. "adyen", "paypal").</summary>
    public string PaymentProvider { get; set; } = "";

    /// <summary>The amount the provider authorised, in minor units of Currency (0 when not told).</summary>
    public long AuthorisedMinor { get; set; }

    /// <summary>When the authorisation lapses: a capture after it fails.</summary>
    public DateTimeOffset? AuthorisationExpiresAt { get; set; }

    /// <summary>The SEPA direct debit mandate the customer signed (method sepa_direct_debit).</summary>
    public string MandateReference { get; set; } = "";
    public int FraudScore { get; set; }
    public DateTimeOffset PlacedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";

    /// <summary>When the order last changed, on the service's clock (the reconciler compares it with the same clock).</summary>
    public DateTimeOffset UpdatedAt { get; set; }
    public List<OrderLine> Lines { get; set; } = [];
    public List<OrderHold> Holds { get; set; } = [];

    /// <summary>Hold codes a person released: a later rule evaluation does not place them again.</summary>
    public List<string> ReleasedHoldCodes { get; set; } = [];

    public List<FulfilmentOrder> FulfilmentOrders { get; set; } = [];
    public List<Shipment> Shipments { get; set; } = [];
    public List<SourcingRecord> Decisions { get; set; } = [];
    public PendingAllocation? PendingAllocation { get; set; }
    public List<PendingStockAction> PendingStockActions { get; set; } = [];
    public int SourcingAttempts { get; set; }
    public int StockActionCounter { get; set; }

    /// <summary>Return authorisations against this order's shipped units, oldest first.</summary>
    public List<ReturnAuthorisation> Returns { get; set; } = [];

    /// <summary>On an exchange or replacement order: the return it was created for; null otherwise.</summary>
    public ReturnLink? CreatedForReturn { get; set; }
}

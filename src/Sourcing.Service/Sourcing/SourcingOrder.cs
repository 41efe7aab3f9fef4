using Sourcing.Service.Locations;

namespace Sourcing.Service.Sourcing;

public enum DeliveryMethod
{
    Standard = 1,
    Express = 2,
    Pickup = 3,
}

/// <summary>How the customer receives the order: shipped (standard or express) or collected at a store.</summary>
public sealed record DeliveryChoice(string Id, DeliveryMethod Method, string? PickupLocationId)
{
    public bool IsPickup => Method == DeliveryMethod.Pickup;
}

public sealed record CustomerProfile(string Id, string Segment, bool IsVip);

/// <summary>One order line with the product attributes rules and costs need (weight, category, hazardous).</summary>
public sealed record SourcingLine(string LineId, string Sku, int Quantity, int WeightGrams, string Category, bool Hazardous, long UnitPriceMinor, string KitId);

/// <summary>A basket or an order to source, with its destination resolved to coordinates.</summary>
public sealed record SourcingOrder(
    string OrderId,
    string Channel,
    CustomerProfile Customer,
    GeoCoordinate Destination,
    string Country,
    IReadOnlyList<SourcingLine> Lines,
    string PaymentMethod,
    int FraudScore,
    string Currency);

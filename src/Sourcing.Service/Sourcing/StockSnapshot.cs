using Sourcing.Rules.Facts;
using Sourcing.Service.Inventory;
using Sourcing.Service.Locations;

namespace Sourcing.Service.Sourcing;

/// <summary>
/// Stock of an order's SKUs at every location (one Redis round trip) and the location network, read together, with
/// the customer's credit facts when the decision needs them.
/// </summary>
public sealed record StockSnapshot(IReadOnlyDictionary<string, SkuStock> StockBySku, IReadOnlyDictionary<string, Location> Network, DateTimeOffset ReadAt)
{
    /// <summary>Capacity used today by the locations that have a daily capacity; a location absent used none.</summary>
    public IReadOnlyDictionary<string, CapacityUsed> CapacityUsed { get; init; } = new Dictionary<string, CapacityUsed>();

    /// <summary>The customer with its receivables, read with the stock; null when the caller asked for none.</summary>
    public CustomerFact? Customer { get; init; }
}

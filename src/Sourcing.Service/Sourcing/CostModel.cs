using Microsoft.Extensions.Options;
using Sourcing.Service.Locations;

namespace Sourcing.Service.Sourcing;

/// <summary>
/// What sourcing a unit from a location costs, in cents, before rule adjustments: the location's handling cost, a
/// per-km part, the weight × distance of moving it, and stock balancing (taking a store's last units costs more, so
/// stores keep stock for walk-in customers). A shipment costs the location's base cost plus a per-km part.
/// </summary>
public sealed class CostModel(IOptions<SourcingOptions> options)
{
    private readonly SourcingOptions _options = options.Value;

    public long UnitCost(Location location, SourcingLine line, double distanceKm, long available)
    {
        var cost = location.HandlingCostPerUnit.MinorUnits
            + _options.UnitCostPerKm * distanceKm
            + line.WeightGrams / 1000.0 * distanceKm * _options.ShipmentCostPerKgKm;
        var lastUnits = location.Kind == LocationKind.Store && available - line.Quantity <= _options.LastUnitsThreshold;
        return (long)Math.Round(cost) + (lastUnits ? _options.LastUnitsPenaltyPerUnit : 0);
    }

    public long ShipmentCost(Location location, double distanceKm) =>
        location.ShipmentBaseCost.MinorUnits + (long)Math.Round(_options.ShipmentCostPerKm * distanceKm);
}

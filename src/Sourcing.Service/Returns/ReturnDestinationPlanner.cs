using System.Globalization;
using Sourcing.Orders;
using Sourcing.Orders.Returns;
using Sourcing.Service.Inventory;
using Sourcing.Service.Locations;
using Sourcing.Service.Orders;
using Sourcing.Service.Sourcing;

namespace Sourcing.Service.Returns;

/// <summary>
/// Where returned goods go. The customer's chosen store when it can take returns; otherwise, among the active stores
/// and warehouses, one where a returned SKU is short if it is at most <see cref="ShortDetourFactor"/> times as far from
/// the order's destination as the nearest one, else the nearest. Ties go to the smaller location id, so the same
/// network and stock always give the same answer.
/// </summary>
public sealed class ReturnDestinationPlanner(LocationCatalog locations, IStockStore stock) : IReturnRouting
{
    /// <summary>How much further than the nearest location a short one may be and still be preferred.</summary>
    public const double ShortDetourFactor = 1.5;

    public const string DropOffField = "drop_off_location_id";

    public async Task<ReturnDestination> ProposeAsync(ReturnRoutingRequest request, CancellationToken cancellationToken)
    {
        var network = await locations.GetAllAsync(cancellationToken);
        // proto3 sends an unset drop-off location as "": that is no choice, not a location named "".
        if (request.PreferredLocationId is { Length: > 0 } preferred)
        {
            var location = network.GetValueOrDefault(preferred);
            if (ReceivingProblem(preferred, location) is { } problem)
            {
                throw new ArgumentException(problem, DropOffField);
            }

            return new ReturnDestination(preferred, [$"{preferred}: the drop-off location the customer chose ({Describe(location!.Kind)})"]);
        }

        var candidates = network.Values
            .Where(l => l.Active && l.Kind is LocationKind.Store or LocationKind.Warehouse)
            .OrderBy(l => l.Id, StringComparer.Ordinal)
            .ToList();
        if (candidates.Count == 0)
        {
            throw new OrderStateException("NO_RETURN_LOCATION", $"order/{request.Order.OrderId}",
                "No active store or warehouse can take the return; a location must be activated first.");
        }

        var destination = OrderDestination.Locate(request.Order.Latitude, request.Order.Longitude, request.Order.ShippingAddress.Country, request.Order.ShippingAddress.PostalCode);
        var shortages = await ShortagesAsync(request.Units, cancellationToken);
        return destination is { } to
            ? Nearest(candidates, to, shortages)
            : WithoutDistance(candidates, shortages);
    }

    public async Task<string?> ReceivingProblemAsync(string locationId, CancellationToken cancellationToken)
    {
        var network = await locations.GetAllAsync(cancellationToken);
        return ReceivingProblem(locationId, network.GetValueOrDefault(locationId));
    }

    private static string? ReceivingProblem(string id, Location? location) => location switch
    {
        null => $"location '{id}' does not exist",
        { Active: false } => $"location '{id}' is inactive and cannot take returns",
        { Kind: LocationKind.DropShipSupplier } => $"location '{id}' is a drop-ship supplier and cannot take returns",
        _ => null,
    };

    private static ReturnDestination Nearest(List<Location> candidates, GeoCoordinate to, Dictionary<string, List<string>> shortages)
    {
        var byDistance = candidates
            .Select(l => (Location: l, Km: Geography.DistanceKm(l.Coordinates, to)))
            .OrderBy(c => c.Km)
            .ThenBy(c => c.Location.Id, StringComparer.Ordinal)
            .ToList();
        var nearest = byDistance[0];
        var nearestLine = $"{nearest.Location.Id}: nearest location taking returns: {Km(nearest.Km)}";
        var explanation = new List<string>();
        foreach (var candidate in byDistance.Where(c => shortages.ContainsKey(c.Location.Id)))
        {
            var why = $"{candidate.Location.Id}: {string.Join("; ", shortages[candidate.Location.Id])}, {Km(candidate.Km)}";
            if (candidate.Km <= nearest.Km * ShortDetourFactor)
            {
                explanation.Insert(0, why);
                explanation.Add(nearestLine);
                return new ReturnDestination(candidate.Location.Id, explanation);
            }

            explanation.Add($"{why}: more than {ShortDetourFactor.ToString(CultureInfo.InvariantCulture)} × the nearest, not preferred");
        }

        explanation.Insert(0, nearestLine);
        return new ReturnDestination(nearest.Location.Id, explanation);
    }

    /// <summary>The order's destination cannot be located (no coordinates, an unknown postal code): stock alone decides.</summary>
    private static ReturnDestination WithoutDistance(List<Location> candidates, Dictionary<string, List<string>> shortages)
    {
        const string NoDistance = "the order's destination could not be located, so distance was not compared";
        if (candidates.FirstOrDefault(c => shortages.ContainsKey(c.Id)) is { } shortAt)
        {
            return new ReturnDestination(shortAt.Id, [$"{shortAt.Id}: {string.Join("; ", shortages[shortAt.Id])}", NoDistance]);
        }

        var chosen = candidates.FirstOrDefault(c => c.Kind == LocationKind.Warehouse) ?? candidates[0];
        return new ReturnDestination(chosen.Id, [$"{chosen.Id}: the first {Describe(chosen.Kind)} taking returns", NoDistance]);
    }

    /// <summary>
    /// Per location, the returned SKUs it is short of: a stock record whose units not reserved are below its safety
    /// stock, or none at all. A location with no record of the SKU does not carry it, so it is not short of it.
    /// </summary>
    private async Task<Dictionary<string, List<string>>> ShortagesAsync(IReadOnlyList<ReturnedSku> units, CancellationToken cancellationToken)
    {
        var shortages = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var skus = units.Select(u => u.Sku).Distinct(StringComparer.Ordinal).ToList();
        if (skus.Count == 0)
        {
            return shortages;
        }

        foreach (var sku in await stock.GetStockAsync(skus, cancellationToken))
        {
            foreach (var level in sku.Locations)
            {
                var free = Math.Max(0, level.OnHand - level.Reserved);
                if (free == 0 || free < level.SafetyStock)
                {
                    var detail = level.SafetyStock > 0 ? $"{free} available, safety stock {level.SafetyStock}" : $"{free} available";
                    if (!shortages.TryGetValue(level.LocationId, out var list))
                    {
                        shortages[level.LocationId] = list = [];
                    }

                    list.Add($"{sku.Sku} is short there ({detail})");
                }
            }
        }

        return shortages;
    }

    private static string Km(double km) => Math.Round(km).ToString(CultureInfo.InvariantCulture) + " km";

    private static string Describe(LocationKind kind) => kind switch
    {
        LocationKind.Warehouse => "warehouse",
        LocationKind.Store => "store",
        LocationKind.DarkStore => "dark store",
        _ => "location",
    };
}

using Sourcing.Service.Locations;

namespace Sourcing.Service.Inventory;

/// <summary>
/// What a location has committed on one local day, against its daily capacity. A shipment is one commit of a
/// reservation's lines at one location; its units are the quantities of those lines.
/// </summary>
public readonly record struct CapacityUsed(long Units, long Shipments);

/// <summary>A location and the local date (in its own time zone) whose capacity is meant.</summary>
public readonly record struct LocationDay(string LocationId, DateOnly Day);

/// <summary>Stock of some SKUs and capacity used by some locations, read together in one round trip.</summary>
public sealed record StockAndCapacity(IReadOnlyList<SkuStock> Stock, IReadOnlyDictionary<string, CapacityUsed> CapacityUsed);

public static class CapacityDay
{
    /// <summary>
    /// The location's local date at <paramref name="now"/>: capacity resets at local midnight. Always computed from the
    /// service's clock, never the store's, so every instance and the store agree on which day a commit counts for.
    /// </summary>
    public static DateOnly Of(Location location, DateTimeOffset now) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(location.TimeZone)).DateTime);
}

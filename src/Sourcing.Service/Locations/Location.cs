namespace Sourcing.Service.Locations;

/// <summary>A place that holds stock and ships or hands over orders.</summary>
public sealed record Location(
    string Id,
    string Name,
    LocationKind Kind,
    GeoCoordinate Coordinates,
    string CountryCode,
    string PostalCode,
    string TimeZone,
    LocationCapabilities Capabilities,
    MoneyAmount HandlingCostPerUnit,
    MoneyAmount ShipmentBaseCost,
    int ProcessingHours,
    TimeOnly DailyCutoff,
    int? DailyCapacityUnits,
    int? DailyCapacityShipments,
    bool Active,
    IReadOnlyList<string> Channels,
    IReadOnlyList<DayOfWeek>? ClosedWeekdays = null,
    IReadOnlyList<DateOnly>? Holidays = null)
{
    /// <summary>True when the location processes and hands over orders on this local date.</summary>
    public bool WorksOn(DateOnly date) =>
        !(ClosedWeekdays?.Contains(date.DayOfWeek) ?? false) && !IsHoliday(date);

    /// <summary>True when the date is one of the location's holidays; a set lookup, however many holidays it has.</summary>
    public bool IsHoliday(DateOnly date) => Holidays is { Count: > 0 } holidays && HolidaySets.Of(holidays).Contains(date);

    /// <summary>True when this location's stock may be sold to <paramref name="channel"/>.</summary>
    public bool SellsTo(string channel) => Active && Channels.Contains(channel, StringComparer.Ordinal);
}

public enum LocationKind
{
    Warehouse = 1,
    Store = 2,
    DropShipSupplier = 3,
    DarkStore = 4,
}

public sealed record LocationCapabilities(bool ShipsParcels, bool CustomerPickup, bool ShipFromStore);

/// <summary>WGS 84 decimal degrees.</summary>
public readonly record struct GeoCoordinate(double Latitude, double Longitude);

/// <summary>Money in integer minor units (cents) with its ISO 4217 code; never a floating-point amount.</summary>
public readonly record struct MoneyAmount(string CurrencyCode, long MinorUnits);

/// <summary>
/// Each holiday list as a set, built once per list instance. Kept beside the record rather than in it: a field would
/// take part in record equality and be copied stale by <c>with</c>.
/// </summary>
internal static class HolidaySets
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<DateOnly>, HashSet<DateOnly>> Sets = new();

    public static HashSet<DateOnly> Of(IReadOnlyList<DateOnly> holidays) => Sets.GetValue(holidays, list => [.. list]);
}

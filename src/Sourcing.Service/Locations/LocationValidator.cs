using Sourcing.Service.Errors;
using Sourcing.Service.Sourcing;

namespace Sourcing.Service.Locations;

/// <summary>What makes a location usable for promising and sourcing; problems are named by their proto field.</summary>
public static class LocationValidator
{
    public const int MaxNameLength = 200;
    public const int MaxPostalCodeLength = 16;
    public const int MaxTimeZoneLength = 64;
    public const int MaxChannels = 50;
    public const int MaxHolidays = 1_000;
    public const long MaxCostMinor = 1_000_000_000;

    public static void Validate(Location location)
    {
        var problems = new ProblemList();
        problems.LocationId("location.id", location.Id);
        problems.RequiredText("location.name", location.Name, MaxNameLength);

        if (!Enum.IsDefined(location.Kind))
        {
            problems.Add("location.type", "must be a warehouse, store, drop-ship supplier or dark store");
        }

        if (!FieldChecks.IsValidCoordinate(location.Coordinates.Latitude, location.Coordinates.Longitude)
            || (location.Coordinates.Latitude == 0 && location.Coordinates.Longitude == 0))
        {
            problems.Add("location.coordinates", "must be set: latitude -90..90 and longitude -180..180 in decimal degrees (not NaN or infinite)");
        }

        if (location.CountryCode.Length != 2 || !location.CountryCode.All(char.IsAsciiLetterUpper))
        {
            problems.Add("location.country_code", "is not an ISO 3166-1 alpha-2 code such as DE");
        }

        problems.OptionalText("location.postal_code", location.PostalCode, MaxPostalCodeLength);
        if (location.TimeZone.Length > MaxTimeZoneLength)
        {
            problems.Add("location.time_zone", $"is {location.TimeZone.Length} characters long; IANA time zone names have at most {MaxTimeZoneLength}");
        }
        else if (!TimeZoneInfo.TryFindSystemTimeZoneById(location.TimeZone, out _))
        {
            problems.Add("location.time_zone", $"'{location.TimeZone}' is not a known IANA time zone such as Europe/Berlin");
        }

        Money(problems, "location.handling_cost_per_unit", location.HandlingCostPerUnit);
        Money(problems, "location.shipment_base_cost", location.ShipmentBaseCost);
        problems.InRange("location.processing_hours", location.ProcessingHours, 0, 24 * 30);
        if (location.DailyCapacityUnits is { } units)
        {
            problems.InRange("location.daily_capacity_units", units, 0, int.MaxValue);
        }

        if (location.DailyCapacityShipments is { } shipments)
        {
            problems.InRange("location.daily_capacity_shipments", shipments, 0, int.MaxValue);
        }

        problems.Count("location.channels", location.Channels.Count, 0, MaxChannels);
        for (var i = 0; i < location.Channels.Count && i < MaxChannels; i++)
        {
            problems.LocationId($"location.channels[{i}]", location.Channels[i]);
        }

        // A location that never works would push every date it is asked for to the calendar's search limit.
        if ((location.ClosedWeekdays ?? []).Distinct().Count() == 7)
        {
            problems.Add("location.closed_weekdays", "a location must work on at least one weekday");
        }

        problems.Count("location.holidays", location.Holidays?.Count ?? 0, 0, MaxHolidays);
        problems.ThrowIfAny();
    }

    private static void Money(ProblemList problems, string field, MoneyAmount amount)
    {
        if (amount.CurrencyCode.Length != 3 || !amount.CurrencyCode.All(char.IsAsciiLetterUpper))
        {
            problems.Add(field + ".currency_code", "is not an ISO 4217 code such as EUR");
        }

        problems.InRange(field + ".minor_units", amount.MinorUnits, 0, MaxCostMinor);
    }
}

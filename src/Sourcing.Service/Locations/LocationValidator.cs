using Sourcing.Service.Errors;

namespace Sourcing.Service.Locations;

/// <summary>What makes a location usable for promising and sourcing; problems are named by their proto field.</summary>
public static class LocationValidator
{
    public static void Validate(Location location)
    {
        var problems = new ProblemList();
        problems.LocationId("location.id", location.Id);
        if (string.IsNullOrWhiteSpace(location.Name) || location.Name.Length > 200)
        {
            problems.Add("location.name", "is required, at most 200 characters");
        }

        if (!Enum.IsDefined(location.Kind))
        {
            problems.Add("location.type", "must be a warehouse, store, drop-ship supplier or dark store");
        }

        if (location.Coordinates.Latitude is < -90 or > 90 || location.Coordinates.Longitude is < -180 or > 180
            || (location.Coordinates.Latitude == 0 && location.Coordinates.Longitude == 0))
        {
            problems.Add("location.coordinates", "must be set: latitude -90..90 and longitude -180..180 in decimal degrees");
        }

        if (location.CountryCode.Length != 2 || !location.CountryCode.All(char.IsAsciiLetterUpper))
        {
            problems.Add("location.country_code", $"'{location.CountryCode}' is not an ISO 3166-1 alpha-2 code such as DE");
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(location.TimeZone, out _))
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

        for (var i = 0; i < location.Channels.Count; i++)
        {
            problems.LocationId($"location.channels[{i}]", location.Channels[i]);
        }

        problems.ThrowIfAny();
    }

    private static void Money(ProblemList problems, string field, MoneyAmount amount)
    {
        if (amount.CurrencyCode.Length != 3 || !amount.CurrencyCode.All(char.IsAsciiLetterUpper))
        {
            problems.Add(field + ".currency_code", $"'{amount.CurrencyCode}' is not an ISO 4217 code such as EUR");
        }

        if (amount.MinorUnits < 0)
        {
            problems.Add(field + ".minor_units", "must not be negative");
        }
    }
}

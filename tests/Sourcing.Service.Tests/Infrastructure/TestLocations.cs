using Sourcing.V1;

namespace Sourcing.Service.Tests.Infrastructure;

/// <summary>A valid location to start from: a Frankfurt warehouse that ships parcels and sells to the web channel.</summary>
public static class TestLocations
{
    public static Location Warehouse(string id) => new()
    {
        Id = id,
        Name = id,
        Type = LocationType.Warehouse,
        Coordinates = new GeoPoint { Latitude = 50.11, Longitude = 8.68 },
        CountryCode = "DE",
        PostalCode = "60311",
        TimeZone = "Europe/Berlin",
        Capabilities = new LocationCapabilities { ShipsParcels = true },
        HandlingCostPerUnit = new Money { CurrencyCode = "EUR", MinorUnits = 50 },
        ShipmentBaseCost = new Money { CurrencyCode = "EUR", MinorUnits = 500 },
        ProcessingHours = 4,
        DailyCutoff = new LocalTimeOfDay { Hours = 16 },
        Active = true,
        Channels = { "web" },
    };
}

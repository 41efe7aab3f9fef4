using Sourcing.V1;

namespace Sourcing.Service.Tests.Infrastructure;

/// <summary>A small real-coordinates network for sourcing tests: two warehouses and two stores around Berlin and Frankfurt.</summary>
internal static class TestNetwork
{
    public static readonly GeoPoint Berlin = new() { Latitude = 52.5200, Longitude = 13.4050 };
    public static readonly GeoPoint Frankfurt = new() { Latitude = 50.1109, Longitude = 8.6821 };

    public static async Task AddAsync(SourcingHost host)
    {
        await Upsert(host, "WH-FRANKFURT", LocationType.Warehouse, 50.1109, 8.6821, pickup: false);
        await Upsert(host, "WH-MUNICH", LocationType.Warehouse, 48.1351, 11.5820, pickup: false);
        await Upsert(host, "ST-BERLIN", LocationType.Store, 52.5200, 13.4050, pickup: true);
        await Upsert(host, "ST-POTSDAM", LocationType.Store, 52.3906, 13.0645, pickup: true);
    }

    public static Task Stock(SourcingHost host, string sku, string location, long onHand) =>
        host.Inventory.SetStockAsync(new SetStockRequest { Sku = sku, LocationId = location, OnHand = onHand, Sequence = 1 }).ResponseAsync;

    public static OrderLine Line(string id, string sku, int quantity, bool hazardous = false) =>
        new() { LineId = id, Sku = sku, Quantity = quantity, WeightGrams = 800, Category = "outdoor", Hazardous = hazardous, UnitPrice = new Money { CurrencyCode = "EUR", MinorUnits = 1999 } };

    public static SourceOrderRequest Order(string requestId, GeoPoint destination, params OrderLine[] lines) => new()
    {
        RequestId = requestId,
        OrderId = "O-" + requestId,
        Channel = "web",
        Destination = new Destination { Coordinates = destination },
        Delivery = new DeliveryOption { Method = DeliveryMethod.Standard },
        PaymentMethod = "card",
        Reserve = true,
        Explain = true,
        Lines = { lines },
    };

    private static async Task Upsert(SourcingHost host, string id, LocationType type, double latitude, double longitude, bool pickup)
    {
        var warehouse = type == LocationType.Warehouse;
        var location = new Location
        {
            Id = id,
            Name = id,
            Type = type,
            Coordinates = new GeoPoint { Latitude = latitude, Longitude = longitude },
            CountryCode = "DE",
            PostalCode = "10117",
            TimeZone = "Europe/Berlin",
            Capabilities = new LocationCapabilities { ShipsParcels = true, CustomerPickup = pickup, ShipFromStore = !warehouse },
            HandlingCostPerUnit = new Money { CurrencyCode = "EUR", MinorUnits = warehouse ? 35 : 90 },
            ShipmentBaseCost = new Money { CurrencyCode = "EUR", MinorUnits = warehouse ? 450 : 590 },
            ProcessingHours = warehouse ? 4 : 24,
            DailyCutoff = new LocalTimeOfDay { Hours = warehouse ? 16 : 14 },
            Active = true,
            Channels = { "web", "marketplace" },
            ClosedWeekdays = { 7 },
        };
        await host.Locations.UpsertLocationAsync(new UpsertLocationRequest { Location = location });
    }
}

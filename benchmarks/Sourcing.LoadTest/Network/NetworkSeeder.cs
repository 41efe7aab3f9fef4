using Sourcing.LoadTest.Client;
using Sourcing.V1;

namespace Sourcing.LoadTest.Network;

/// <summary>
/// Puts the load-test network into the service through its public RPCs: every location (UpsertLocation), then the
/// stock of <c>skus</c> SKUs in one ImportStock stream. Warehouses carry every SKU deep; the drop-ship supplier a third
/// of them without limit worth mentioning; each store a quarter of them, a few units each, so store stock runs out
/// during a run and sourcing moves on to other locations, as it does on a busy day.
/// </summary>
internal static class NetworkSeeder
{
    public static async Task SeedAsync(ServiceClients clients, int skus, int seed, TextWriter log)
    {
        foreach (var site in GermanNetwork.Sites)
        {
            await clients.Locations.UpsertLocationAsync(new UpsertLocationRequest { Location = ToLocation(site) }, clients.SetupOptions());
        }

        var random = new Random(seed);

        // A new sequence each seeding, so seeding again resets the stock instead of being ignored as stale.
        var sequence = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using var import = clients.Inventory.ImportStock(clients.SetupOptions());
        long rows = 0;
        for (var s = 0; s < skus; s++)
        {
            foreach (var site in GermanNetwork.Sites)
            {
                var onHand = site.Type switch
                {
                    LocationType.Warehouse => random.Next(2_000, 20_000),
                    LocationType.DropShipSupplier => random.Next(3) == 0 ? 1_000_000 : 0,
                    _ => random.Next(4) == 0 ? random.Next(5, 60) : 0,
                };
                if (onHand == 0)
                {
                    continue;
                }

                await import.RequestStream.WriteAsync(new ImportStockRow { Sku = GermanNetwork.Sku(s), LocationId = site.Id, OnHand = onHand, Sequence = sequence });
                rows++;
            }
        }

        await import.RequestStream.CompleteAsync();
        var result = await import.ResponseAsync;
        log.WriteLine($"seeded {GermanNetwork.Sites.Count} locations, {skus} SKUs: {result.RowsApplied} of {rows} stock rows applied");
    }

    private static Location ToLocation(NetworkSite site)
    {
        var warehouse = site.Type == LocationType.Warehouse;
        var store = site.Type == LocationType.Store;
        var location = new Location
        {
            Id = site.Id,
            Name = $"{site.City} ({site.Type switch { LocationType.Warehouse => "warehouse", LocationType.Store => "store", _ => "drop-ship supplier" }})",
            Type = site.Type,
            Coordinates = new GeoPoint { Latitude = site.Latitude, Longitude = site.Longitude },
            CountryCode = "DE",
            PostalCode = site.PostalCode,
            TimeZone = "Europe/Berlin",
            Capabilities = new LocationCapabilities { ShipsParcels = true, CustomerPickup = store, ShipFromStore = store },
            HandlingCostPerUnit = Euro(warehouse ? 35 : store ? 90 : 60),
            ShipmentBaseCost = Euro(warehouse ? 450 : store ? 590 : 520),
            ProcessingHours = warehouse ? 4 : store ? 24 : 48,
            DailyCutoff = new LocalTimeOfDay { Hours = warehouse ? 16 : 14 },
            Active = true,
        };
        location.Channels.AddRange(GermanNetwork.Channels);
        return location;
    }

    private static Money Euro(long cents) => new() { CurrencyCode = "EUR", MinorUnits = cents };
}

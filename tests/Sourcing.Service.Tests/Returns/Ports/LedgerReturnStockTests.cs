using Microsoft.Extensions.Options;
using Sourcing.Service.Inventory;
using Sourcing.Service.Locations;
using Sourcing.Service.Returns;
using Sourcing.Service.Storage.InMemory;
using Sourcing.Service.Storage.Redis;
using Sourcing.Service.Tests.Infrastructure;

namespace Sourcing.Service.Tests.Returns.Ports;

/// <summary>
/// Restocking returned units through the stock ledger, on the embedded store and on a real redis-server: a repeated
/// restock (a retry, the reconciler after a crash) is applied once, and the adjustment names the return.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class LedgerReturnStockTests(RedisFixture redis)
{
    // Longer than the inventory's 128-character request id limit: the id is carried as a fixed-length digest.
    private static readonly string LongRequestId = "7f9c2a61-5d1e-4b8a-9c3e-2f6d8b1a0e47:restock:" + new string('r', 60) + ":" + new string('l', 40);

    public static TheoryData<string> Stores => ["memory", "redis"];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task RestockAsync_SameRequestTwice_AddsTheUnitsOnce(string storeKind)
    {
        var (stock, store) = await ReturnStockOver(storeKind);
        await store.SetStockAsync("SKU-1", "WH-1", 5, 1, DateTimeOffset.UtcNow, default);

        await stock.RestockAsync(LongRequestId, "SKU-1", "WH-1", 2, "return RMA-0123456789", default);
        await stock.RestockAsync(LongRequestId, "SKU-1", "WH-1", 2, "return RMA-0123456789", default);

        Assert.Equal(7, await OnHand(store));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task RestockAsync_TwoRequests_AddsBothAndTheStockFeedNamesTheReturn(string storeKind)
    {
        var (stock, store) = await ReturnStockOver(storeKind);

        await stock.RestockAsync("rma-1:restock:rcpt-1:L1", "SKU-1", "WH-1", 2, "return RMA-0123456789", default);
        await stock.RestockAsync("rma-1:restock:rcpt-2:L1", "SKU-1", "WH-1", 1, "return RMA-0123456789", default);

        Assert.Equal(3, await OnHand(store));
        var events = await store.ReadEventsAsync("0", 100, default);
        Assert.Equal(
            [(StockChangeKind.Adjusted, "return RMA-0123456789", 2L), (StockChangeKind.Adjusted, "return RMA-0123456789", 3L)],
            events.Where(e => e.Level.Sku == "SKU-1").Select(e => (e.Kind, e.Reason, e.Level.OnHand)));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task RestockAsync_ZeroUnits_IsRefusedAndNothingChanges(string storeKind)
    {
        var (stock, store) = await ReturnStockOver(storeKind);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => stock.RestockAsync("rma-1:restock:rcpt-1:L1", "SKU-1", "WH-1", 0, "return RMA-0123456789", default));

        Assert.Equal(0, await OnHand(store));
    }

    private async Task<(LedgerReturnStock Stock, IStockStore Store)> ReturnStockOver(string storeKind)
    {
        IStockStore store = storeKind == "redis"
            ? new RedisStockStore(redis.Connection, new RedisKeys(RedisFixture.NewKeyPrefix()), Options.Create(new RedisOptions()))
            : new InMemoryStockStore();
        var locations = new InMemoryLocationStore();
        await locations.UpsertAsync(new Location(
            "WH-1", "WH-1", LocationKind.Warehouse, new GeoCoordinate(50.11, 8.68), "DE", "60311", "Europe/Berlin",
            new LocationCapabilities(true, false, false), new MoneyAmount("EUR", 50), new MoneyAmount("EUR", 500), 4,
            new TimeOnly(16, 0), null, null, true, ["web"]), default);
        var ledger = new StockLedger(store, new LocationCatalog(locations, TimeProvider.System, Options.Create(new InventoryOptions())), TimeProvider.System, Options.Create(new InventoryOptions()));
        return (new LedgerReturnStock(ledger), store);
    }

    private static async Task<long> OnHand(IStockStore store) =>
        (await store.GetStockAsync(["SKU-1"], default)).SelectMany(s => s.Locations).Where(l => l.LocationId == "WH-1").Sum(l => l.OnHand);
}

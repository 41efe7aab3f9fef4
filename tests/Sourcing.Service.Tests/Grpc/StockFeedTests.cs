using Grpc.Core;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Grpc;

/// <summary>Stock coming in from ERP/WMS feeds and going out to watchers and channels.</summary>
[Collection(RedisCollection.Name)]
public sealed class StockFeedTests(RedisFixture redis) : IDisposable
{
    private readonly SourcingHost _host = new(redis.Server.Endpoint);

    [Fact]
    public async Task ImportStock_100000RowsInOneCall_AppliesEveryRow()
    {
        // The test hosts give Redis calls 1 s, to keep the unreachable-Redis tests short; the 500 pipelined scripts of a
        // batch on a busy 2-core machine need longer, as in production (whose client default is 5 s).
        using var host = new SourcingHost(redis.Server.Endpoint, new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = redis.Server.Endpoint + ",syncTimeout=10000,asyncTimeout=10000",
        });
        await host.AddLocationAsync("WH1");
        await host.AddLocationAsync("WH2");
        using var call = host.Inventory.ImportStock();
        for (var i = 0; i < 100_000; i++)
        {
            await call.RequestStream.WriteAsync(new ImportStockRow { Sku = $"BULK-{i / 2}", LocationId = i % 2 == 0 ? "WH1" : "WH2", OnHand = i % 7, Sequence = 1 });
        }

        await call.RequestStream.CompleteAsync();
        var result = await call.ResponseAsync;

        Assert.Equal((100_000L, 100_000L, 0L), (result.RowsReceived, result.RowsApplied, result.RowsStale));
        var sample = await host.Inventory.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { "BULK-49999" } });
        Assert.Equal([99_998L % 7, 99_999L % 7], sample.Skus[0].Locations.Select(l => l.OnHand));
    }

    [Fact]
    public async Task SetStock_LateOlderUpdate_IsIgnored()
    {
        await _host.AddLocationAsync("WH1");
        await _host.Inventory.SetStockAsync(new SetStockRequest { Sku = "SKU-1", LocationId = "WH1", OnHand = 8, Sequence = 1_700_000_000_200 });

        var late = await _host.Inventory.SetStockAsync(new SetStockRequest { Sku = "SKU-1", LocationId = "WH1", OnHand = 3, Sequence = 1_700_000_000_100 });

        Assert.False(late.Applied);
        Assert.Equal(8, late.Level.OnHand);
    }

    [Fact]
    public async Task GetAvailability_PerChannel_SumsActiveLocationsSellingToIt()
    {
        await _host.AddLocationAsync("WH1", true, "web", "marketplace");
        await _host.AddLocationAsync("ST1", true, "web", "store");
        await _host.AddLocationAsync("OLD", true, "web");
        foreach (var (location, onHand) in new[] { ("WH1", 10L), ("ST1", 4L), ("OLD", 7L) })
        {
            await _host.Inventory.SetStockAsync(new SetStockRequest { Sku = "SKU-1", LocationId = location, OnHand = onHand, Sequence = 1 });
        }

        await _host.Inventory.SetSafetyStockAsync(new SetSafetyStockRequest { Sku = "SKU-1", LocationId = "ST1", SafetyStock = 1 });
        await _host.AddLocationAsync("OLD", false, "web");

        var availability = await _host.Inventory.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { "SKU-1" }, LocationIds = { "ST1" } });

        var sku = Assert.Single(availability.Skus);
        Assert.Equal(3, Assert.Single(sku.Locations).Available);
        Assert.Equal(
            [("marketplace", 10L), ("store", 3L), ("web", 13L)],
            sku.Channels.Select(c => (c.Channel, c.Available)));
    }

    [Fact]
    public async Task GetAvailability_CountBelowReserved_ShowsTheShortageAndAWatcherIsTold()
    {
        await _host.AddLocationAsync("WH1");
        await _host.Inventory.SetStockAsync(new SetStockRequest { Sku = "SKU-1", LocationId = "WH1", OnHand = 20, Sequence = 1 });
        await _host.Inventory.ReserveAsync(new ReserveRequest { RequestId = "order-1", Lines = { new ReservationLine { Sku = "SKU-1", LocationId = "WH1", Quantity = 10 } } });
        using var watch = _host.Inventory.WatchStock(new WatchStockRequest { AfterPosition = "0" });

        await _host.Inventory.SetStockAsync(new SetStockRequest { Sku = "SKU-1", LocationId = "WH1", OnHand = 4, Sequence = 2 });

        var level = Assert.Single((await _host.Inventory.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { "SKU-1" } })).Skus[0].Locations);
        Assert.Equal((4L, 10L, 6L), (level.OnHand, level.Reserved, level.Shortage));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var kinds = new List<StockChangeKind>();
        while (!kinds.Contains(StockChangeKind.Shortage) && await watch.ResponseStream.MoveNext(timeout.Token))
        {
            kinds.Add(watch.ResponseStream.Current.Kind);
        }

        Assert.Equal([StockChangeKind.Set, StockChangeKind.Reserved, StockChangeKind.Set, StockChangeKind.Shortage], kinds);
        Assert.Equal(6, watch.ResponseStream.Current.Shortfall);
    }

    [Fact]
    public async Task WatchStock_ResumedFromAPosition_GetsOnlyLaterChanges()
    {
        await _host.AddLocationAsync("WH1");
        await _host.Inventory.SetStockAsync(new SetStockRequest { Sku = "SKU-1", LocationId = "WH1", OnHand = 8, Sequence = 1 });
        using (var first = _host.Inventory.WatchStock(new WatchStockRequest { AfterPosition = "0" }))
        {
            Assert.True(await first.ResponseStream.MoveNext(CancellationToken.None));
            var resumeFrom = first.ResponseStream.Current.Position;
            await _host.Inventory.AdjustStockAsync(new AdjustStockRequest { Sku = "SKU-1", LocationId = "WH1", Delta = 2, Reason = "receipt PO-7", RequestId = "adjust-po-7" });

            using var resumed = _host.Inventory.WatchStock(new WatchStockRequest { AfterPosition = resumeFrom });
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            Assert.True(await resumed.ResponseStream.MoveNext(timeout.Token));
            var next = resumed.ResponseStream.Current;
            Assert.Equal((StockChangeKind.Adjusted, "receipt PO-7", 10L), (next.Kind, next.Reason, next.Level.OnHand));
        }
    }

    [Fact]
    public async Task UpsertLocation_BadTimeZoneAndCurrency_NamesBothFields()
    {
        var location = await _host.AddLocationAsync("WH1");
        location.TimeZone = "Mars/Olympus";
        location.HandlingCostPerUnit.CurrencyCode = "euro";

        var exception = await Assert.ThrowsAsync<RpcException>(() => _host.Locations.UpsertLocationAsync(new UpsertLocationRequest { Location = location }).ResponseAsync);

        var fields = exception.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>()!.FieldViolations.Select(v => v.Field);
        Assert.Equal(["location.time_zone", "location.handling_cost_per_unit.currency_code"], fields);
        Assert.Equal("Europe/Berlin", (await _host.Locations.GetLocationAsync(new GetLocationRequest { Id = "WH1" })).TimeZone);
    }

    public void Dispose() => _host.Dispose();
}

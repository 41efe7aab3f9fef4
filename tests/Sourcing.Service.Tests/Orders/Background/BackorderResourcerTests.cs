using Sourcing.Orders;
using Sourcing.Service.Inventory;
using static Sourcing.Service.Tests.Orders.Background.OrderWorkHarness;

namespace Sourcing.Service.Tests.Orders.Background;

public sealed class BackorderResourcerTests
{
    [Fact]
    public async Task ExecuteAsync_StockAdjustedUp_OldestBackorderedOrderSourcedFirst()
    {
        var harness = new OrderWorkHarness();
        var older = await harness.CreateAsync("O-1", "SKU-1", 2);
        harness.Clock.Advance(TimeSpan.FromMinutes(1));
        var newer = await harness.CreateAsync("O-2", "SKU-1", 2);
        Assert.Equal(OrderStatus.Backordered, older.Status);
        Assert.Equal(OrderStatus.Backordered, newer.Status);
        using var resourcer = harness.NewBackorderResourcer();
        await resourcer.StartAsync(CancellationToken.None);
        await EventuallyAsync(() => resourcer.Position is not null, "the resourcer knows where the log ends");

        await harness.AdjustAsync("SKU-1", "LOC-A", 2);
        harness.Clock.Advance(harness.Options.StockPollEvery);

        await EventuallyAsync(async () => (await harness.GetAsync("O-1")).Status == OrderStatus.InFulfilment, "the older order is sourced");
        // Its hold is a stock event of its own, read on the next poll.
        harness.Clock.Advance(harness.Options.StockPollEvery);
        await EventuallyAsync(async () => resourcer.Position == await harness.Stock.LatestEventPositionAsync(CancellationToken.None), "every event is handled");
        var newerNow = await harness.GetAsync("O-2");
        Assert.Equal(2, newerNow.Document.Lines[0].In(LineState.Backordered));
        Assert.Equal(0, (await harness.Stock.GetStockAsync(["SKU-1"], CancellationToken.None))[0].Locations[0].Available);
        await resourcer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ExecuteAsync_StockOnlyTaken_NothingSourcedUntilAReleaseGivesItBack()
    {
        var harness = new OrderWorkHarness();
        await harness.CreateAsync("O-1", "SKU-1", 1);
        // Stock arriving before the resourcer starts is not replayed: the order stays backordered.
        await harness.AdjustAsync("SKU-1", "LOC-A", 3);
        using var resourcer = harness.NewBackorderResourcer();
        await resourcer.StartAsync(CancellationToken.None);
        await EventuallyAsync(() => resourcer.Position is not null, "the resourcer knows where the log ends");

        var other = await harness.Stock.ReserveAsync(
            new ReserveCommand("someone-else", [new ReservationLine("SKU-1", "LOC-A", 1)], T0.AddHours(1), "fp"), harness.Clock.GetUtcNow(), CancellationToken.None);
        harness.Clock.Advance(harness.Options.StockPollEvery);
        await EventuallyAsync(async () => resourcer.Position == await harness.Stock.LatestEventPositionAsync(CancellationToken.None), "the reservation's event is handled");
        Assert.Equal(OrderStatus.Backordered, (await harness.GetAsync("O-1")).Status);

        await harness.Stock.ReleaseAsync(other.Reservation!.Id, harness.Clock.GetUtcNow(), CancellationToken.None);
        harness.Clock.Advance(harness.Options.StockPollEvery);

        await EventuallyAsync(async () => (await harness.GetAsync("O-1")).Status == OrderStatus.InFulfilment, "the order is sourced after the release");
        await resourcer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ExecuteAsync_OrderStoreDownWhenStockArrives_SourcedOnTheNextPollAfterRecovery()
    {
        var harness = new OrderWorkHarness();
        await harness.CreateAsync("O-1", "SKU-1", 1);
        using var resourcer = harness.NewBackorderResourcer();
        await resourcer.StartAsync(CancellationToken.None);
        await EventuallyAsync(() => resourcer.Position is not null, "the resourcer knows where the log ends");
        var start = resourcer.Position;

        harness.Orders.Down = true;
        await harness.AdjustAsync("SKU-1", "LOC-A", 1);
        harness.Clock.Advance(harness.Options.StockPollEvery);
        await EventuallyAsync(() => resourcer.FailedReads >= 1, "the poll failed");
        // The failed attempt leaves the position where it was, so the arrival is not lost.
        Assert.Equal(start, resourcer.Position);

        harness.Orders.Down = false;
        harness.Clock.Advance(harness.Options.StockPollEvery);
        await EventuallyAsync(async () => (await harness.GetAsync("O-1")).Status == OrderStatus.InFulfilment, "the order is sourced after the store is back");
        await resourcer.StopAsync(CancellationToken.None);
    }
}

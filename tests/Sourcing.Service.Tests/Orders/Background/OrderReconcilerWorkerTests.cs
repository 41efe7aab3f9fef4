using Sourcing.Orders;
using static Sourcing.Service.Tests.Orders.Background.OrderWorkHarness;

namespace Sourcing.Service.Tests.Orders.Background;

public sealed class OrderReconcilerWorkerTests
{
    [Fact]
    public async Task ExecuteAsync_OrderLeftUnsourced_SourcedOnlyOnceUnchangedForReconcileAfter()
    {
        var harness = new OrderWorkHarness();
        await harness.AdjustAsync("SKU-1", "LOC-A", 5);
        // An order stored with its units open, as a capture that stopped before sourcing leaves it.
        var document = Document("O-1", "SKU-1", 2);
        document.UpdatedAt = T0;
        await harness.Orders.InsertAsync(Order.Create(document, "web-shop", T0), "req-O-1", "fp", CancellationToken.None);
        using var worker = harness.NewReconcilerWorker();
        await worker.StartAsync(CancellationToken.None);
        await EventuallyAsync(() => worker.Passes >= 1, "the pass at start-up ran");

        harness.Clock.Advance(harness.Options.ReconcileEvery);
        await EventuallyAsync(() => worker.Passes >= 2, "the second pass ran");
        Assert.Equal(OrderStatus.Open, (await harness.GetAsync("O-1")).Status);

        harness.Clock.Advance(harness.Options.ReconcileAfter - harness.Options.ReconcileEvery);
        await EventuallyAsync(() => worker.Passes >= 3, "the third pass ran");
        var order = await harness.GetAsync("O-1");
        Assert.Equal(OrderStatus.InFulfilment, order.Status);
        Assert.Equal(2, order.Document.Lines[0].In(LineState.Allocated));
        Assert.Equal(3, (await harness.Stock.GetStockAsync(["SKU-1"], CancellationToken.None))[0].Locations[0].Available);
        await worker.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ExecuteAsync_OrderStoreDown_PassFailsAndTheNextPassAfterRecoveryReconciles()
    {
        var harness = new OrderWorkHarness();
        await harness.AdjustAsync("SKU-1", "LOC-A", 5);
        var document = Document("O-1", "SKU-1", 2);
        document.UpdatedAt = T0 - TimeSpan.FromHours(1);
        await harness.Orders.InsertAsync(Order.Create(document, "web-shop", T0), "req-O-1", "fp", CancellationToken.None);
        harness.Orders.Down = true;
        using var worker = harness.NewReconcilerWorker();
        await worker.StartAsync(CancellationToken.None);
        await EventuallyAsync(() => worker.Passes >= 1, "the pass at start-up ran");
        Assert.Equal(1, worker.FailedPasses);

        harness.Orders.Down = false;
        harness.Clock.Advance(harness.Options.ReconcileEvery);
        await EventuallyAsync(() => worker.Passes >= 2, "the second pass ran");
        Assert.Equal(1, worker.FailedPasses);
        Assert.Equal(OrderStatus.InFulfilment, (await harness.GetAsync("O-1")).Status);
        await worker.StopAsync(CancellationToken.None);
    }
}

using Sourcing.Orders.Tests.Lifecycle;
using static Sourcing.Orders.Tests.Lifecycle.OrderWorld;

namespace Sourcing.Orders.Tests.Recovery;

/// <summary>An order whose repair fails every time must not stop the repair of the orders after it.</summary>
public sealed class PoisonOrderTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task RunOnceAsync_OldestOrderFailsEveryTime_LaterOrdersStillReconciled()
    {
        var world = new OrderWorld();
        world.Inventory.Stock("SKU-1", "LOC-A", 5);
        world.Inventory.Stock("SKU-2", "LOC-B", 5);
        var shipped = await world.CreateAsync("r-1", ("L1", "SKU-1", 2));
        // The shipment is saved but the service stops before committing its hold; the hold lapses before anyone retries.
        await Assert.ThrowsAsync<SimulatedCrash>(() => world.NewLifecycle(new CrashAt(OrderStep.ChangeSaved))
            .ConfirmShipmentAsync(As(shipped.Id), $"{shipped.Id}-F1", "DHL", "T-1", [new LineQuantity("L1", 2)], None));
        world.Clock.Advance(world.Inventory.HoldFor + TimeSpan.FromSeconds(1));
        var later = world.Command("r-2", ("L1", "SKU-2", 1));
        await Assert.ThrowsAsync<SimulatedCrash>(() => world.NewLifecycle(new CrashAt(OrderStep.IntentSaved)).CreateAsync(later, "web-shop", None));

        var looked = await world.NewReconciler().RunOnceAsync(TimeSpan.Zero, 100, None);

        Assert.Equal(2, looked);
        var laterNow = await world.GetAsync(later.Order.OrderId);
        Assert.Null(laterNow.Document.PendingAllocation);
        Assert.Equal(1, laterNow.Document.Lines[0].In(LineState.Allocated));
        var stuck = await world.GetAsync(shipped.Id);
        Assert.Equal(StockActionKind.Commit, Assert.Single(stuck.Document.PendingStockActions).Kind);
    }
}

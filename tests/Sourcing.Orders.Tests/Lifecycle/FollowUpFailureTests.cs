using static Sourcing.Orders.Tests.Lifecycle.OrderWorld;

namespace Sourcing.Orders.Tests.Lifecycle;

/// <summary>
/// A command's change is saved, then the stock store fails while the work that follows runs. The command happened, so
/// it is answered with the order as stored (never an error saying nothing changed), and the reconciler finishes the
/// work once the store answers.
/// </summary>
public sealed class FollowUpFailureTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task RejectLinesAsync_InventoryDownAfterTheRejectionIsSaved_AnsweredWithTheStoredOrderAndFinishedByTheReconciler()
    {
        var world = new OrderWorld();
        world.Inventory.Stock("SKU-1", "LOC-A", 2);
        world.Inventory.Stock("SKU-1", "LOC-C", 2);
        var order = await world.CreateAsync("r-1", ("L1", "SKU-1", 2));
        var first = Assert.Single(order.Document.FulfilmentOrders);
        world.Inventory.Unreachable = true;

        var after = await world.Lifecycle.RejectLinesAsync(As(order.Id), first.Id, [new LineQuantity("L1", 2)], "not found", None);

        Assert.Equal(2, after.Document.Lines[0].In(LineState.Open));
        Assert.NotEmpty(after.Document.PendingStockActions);
        Assert.Equal(after.Version, (await world.GetAsync(order.Id)).Version);
        world.Inventory.Unreachable = false;
        await world.NewReconciler().RunOnceAsync(TimeSpan.Zero, 10, None);
        var reconciled = await world.GetAsync(order.Id);
        Assert.Equal(2, reconciled.Document.Lines[0].In(LineState.Allocated));
        Assert.DoesNotContain(reconciled.Document.FulfilmentOrders, f => f.LocationId == first.LocationId && f.Remaining > 0);
        StockInvariant.Holds(world, [reconciled]);
    }

    [Fact]
    public async Task CreateAsync_InventoryDownAfterTheOrderIsStored_AnsweredWithTheOrderAndSourcedByTheReconciler()
    {
        var world = new OrderWorld();
        world.Inventory.Stock("SKU-1", "LOC-A", 2);
        world.Inventory.Unreachable = true;

        var created = await world.CreateAsync("r-1", ("L1", "SKU-1", 2));

        Assert.NotNull(created.Document.PendingAllocation);
        Assert.Empty(world.Inventory.LiveHolds());
        world.Inventory.Unreachable = false;
        await world.NewReconciler().RunOnceAsync(TimeSpan.Zero, 10, None);
        var reconciled = await world.GetAsync(created.Id);
        Assert.Null(reconciled.Document.PendingAllocation);
        Assert.Equal(2, reconciled.Document.Lines[0].In(LineState.Allocated));
        StockInvariant.Holds(world, [reconciled]);
    }
}

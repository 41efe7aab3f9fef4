using static Sourcing.Orders.Tests.Lifecycle.OrderWorld;

namespace Sourcing.Orders.Tests.Lifecycle;

/// <summary>Another command saves the order while a sourcing attempt is between its two saves.</summary>
public sealed class ConcurrentOutcomeTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task RejectLinesAsync_OtherLocationAcceptsWhileUnitsAreResourced_AllocationRecordedAtOnce()
    {
        var world = new OrderWorld();
        world.Inventory.Stock("SKU-1", "LOC-A", 2);
        world.Inventory.Stock("SKU-2", "LOC-B", 1);
        world.Inventory.Stock("SKU-1", "LOC-C", 2);
        var order = await world.CreateAsync("r-1", ("L1", "SKU-1", 2), ("L2", "SKU-2", 1));
        var atA = order.Document.FulfilmentOrders.Single(f => f.LocationId == "LOC-A").Id;
        var atB = order.Document.FulfilmentOrders.Single(f => f.LocationId == "LOC-B").Id;
        // Re-sourcing the rejected units takes LOC-C's hold; meanwhile LOC-B accepts its fulfilment order.
        world.Inventory.BeforeNextHold =
            () => world.NewLifecycle().AcceptFulfilmentAsync(As(order.Id, "store-b"), atB, None).GetAwaiter().GetResult();

        await world.Lifecycle.RejectLinesAsync(As(order.Id), atA, [new LineQuantity("L1", 2)], "not found", None);

        var stored = await world.GetAsync(order.Id);
        Assert.Null(stored.Document.PendingAllocation);
        Assert.Equal(FulfilmentStatus.Accepted, stored.Document.FulfilmentOrders.Single(f => f.Id == atB).Status);
        Assert.Equal("LOC-C", Assert.Single(stored.Document.FulfilmentOrders, f => f.Status == FulfilmentStatus.Created).LocationId);
        Assert.Equal(2, stored.Document.Lines[0].In(LineState.Allocated));
        StockInvariant.Holds(world, [stored]);
    }

    [Fact]
    public async Task ReevaluateAsync_WhileRejectedUnitsAreResourced_IsRefusedAndTheAttemptCompletes()
    {
        var world = new OrderWorld();
        world.Inventory.Stock("SKU-1", "LOC-A", 2);
        world.Inventory.Stock("SKU-1", "LOC-C", 2);
        var order = await world.CreateAsync("r-1", ("L1", "SKU-1", 2));
        // While the rejected units' new hold is taken, a re-evaluation would put the order on hold: it is refused, so
        // the attempt's holds and its recorded outcome never disagree.
        OrderStateException? refused = null;
        world.Inventory.BeforeNextHold = () =>
        {
            world.Inventory.RaiseHolds = _ => [TestOrders.Fraud];
            refused = Assert.Throws<OrderStateException>(() => world.NewLifecycle().ReevaluateAsync(As(order.Id, "agent-7"), None).GetAwaiter().GetResult());
        };

        var after = await world.Lifecycle.RejectLinesAsync(As(order.Id), $"{order.Id}-F1", [new LineQuantity("L1", 2)], "not found", None);

        Assert.Equal("SOURCING_IN_PROGRESS", refused?.Code);
        Assert.Null(after.Document.PendingAllocation);
        Assert.Equal(2, after.Document.Lines[0].In(LineState.Allocated));
        Assert.False(after.IsOnHold);
        StockInvariant.Holds(world, [after]);
    }
}

using static Sourcing.Orders.Tests.Lifecycle.OrderWorld;

namespace Sourcing.Orders.Tests.Lifecycle;

public sealed class OrderLifecycleTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task CreateAsync_StockAtTwoLocations_AllocatesAndHoldsExactlyTheReservedUnits()
    {
        var world = new OrderWorld();
        world.Inventory.Stock("SKU-1", "LOC-A", 2);
        world.Inventory.Stock("SKU-1", "LOC-B", 5);
        world.Inventory.Stock("SKU-2", "LOC-B", 1);

        var order = await world.CreateAsync("r-1", ("L1", "SKU-1", 3), ("L2", "SKU-2", 1));

        var stored = await world.GetAsync(order.Id);
        Assert.Equal(OrderStatus.InFulfilment, stored.Status);
        Assert.Null(stored.Document.PendingAllocation);
        Assert.Equal(3, stored.Document.Lines[0].In(LineState.Allocated));
        Assert.Equal(1, stored.Document.Lines[1].In(LineState.Allocated));
        Assert.Equal(["LOC-A", "LOC-B"], stored.Document.FulfilmentOrders.Select(f => f.LocationId));
        StockInvariant.Holds(world, [stored]);
        Assert.Equal(0, world.Inventory.Available("SKU-1", "LOC-A"));
        Assert.Equal(4, world.Inventory.Available("SKU-1", "LOC-B"));
        Assert.Equal(0, world.Inventory.Available("SKU-2", "LOC-B"));
    }

    [Fact]
    public async Task CreateAsync_SameRequestIdTwice_OneOrderAndOneSetOfHolds()
    {
        var world = new OrderWorld();
        world.Inventory.Stock("SKU-1", "LOC-A", 10);
        var command = world.Command("r-1", ("L1", "SKU-1", 2));

        var first = await world.Lifecycle.CreateAsync(command, "web-shop", None);
        var second = await world.Lifecycle.CreateAsync(command, "web-shop", None);

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(first.Version, second.Version);
        Assert.Single((await world.Store.ListAsync(new OrderQuery(null, null, null, null, null, 10, null), None)).Orders);
        Assert.Single(world.Inventory.LiveHolds());
        Assert.Equal(8, world.Inventory.Available("SKU-1", "LOC-A"));
    }

    [Fact]
    public async Task CreateAsync_SameRequestIdArrivesWhileTheFirstIsSourced_OneOrderAndOneSetOfHolds()
    {
        var world = new OrderWorld();
        world.Inventory.Stock("SKU-1", "LOC-A", 10);
        var first = world.Command("r-1", ("L1", "SKU-1", 2));
        // The copy is a separate request with the same body (and so the same order id the channel gateway derived).
        var copy = first with { Order = world.Command("r-1", ("L1", "SKU-1", 2)).Order };
        copy.Order.OrderId = first.Order.OrderId;
        Order? copyAnswer = null;
        world.Inventory.BeforeNextProposal = () => copyAnswer = world.NewLifecycle().CreateAsync(copy, "web-shop", None).GetAwaiter().GetResult();

        var firstAnswer = await world.Lifecycle.CreateAsync(first, "web-shop", None);

        Assert.NotNull(copyAnswer);
        Assert.Equal(copyAnswer.Id, firstAnswer.Id);
        Assert.Equal(OrderStatus.InFulfilment, firstAnswer.Status);
        Assert.Single((await world.Store.ListAsync(new OrderQuery(null, null, null, null, null, 10, null), None)).Orders);
        Assert.Single(world.Inventory.LiveHolds());
        Assert.Equal(8, world.Inventory.Available("SKU-1", "LOC-A"));
    }

    [Fact]
    public async Task CreateAsync_SameRequestIdDifferentOrder_RefusedAndNothingHeld()
    {
        var world = new OrderWorld();
        world.Inventory.Stock("SKU-1", "LOC-A", 10);
        await world.Lifecycle.CreateAsync(world.Command("r-1", ("L1", "SKU-1", 2)), "web-shop", None);
        var other = world.Command("r-1", ("L1", "SKU-1", 5)) with { Fingerprint = "another body" };

        await Assert.ThrowsAsync<OrderRequestConflictException>(() => world.Lifecycle.CreateAsync(other, "web-shop", None));
        Assert.Equal(8, world.Inventory.Available("SKU-1", "LOC-A"));
    }

    [Fact]
    public async Task CreateAsync_RulesRaiseAHold_OrderWaitsWithNothingHeldUntilReleased()
    {
        var world = new OrderWorld();
        world.Inventory.Stock("SKU-1", "LOC-A", 10);
        world.Inventory.RaiseHolds = _ => [TestOrders.Fraud];

        var order = await world.CreateAsync("r-1", ("L1", "SKU-1", 2));
        Assert.Equal(OrderStatus.OnHold, order.Status);
        Assert.Empty(world.Inventory.LiveHolds());

        var released = await world.Lifecycle.ReleaseHoldAsync(As(order.Id, "agent-7"), "FRAUD", "checked", None);

        Assert.Equal(OrderStatus.InFulfilment, released.Status);
        Assert.Equal(2, released.Document.Lines[0].In(LineState.Allocated));
        StockInvariant.Holds(world, [await world.GetAsync(order.Id)]);
    }

    [Fact]
    public async Task RejectLinesAsync_PartOfALine_RejectedUnitsSourcedElsewhereAndKeptUnitsHeldAgain()
    {
        var world = new OrderWorld();
        world.Inventory.Stock("SKU-1", "LOC-A", 3);
        world.Inventory.Stock("SKU-1", "LOC-B", 3);
        var order = await world.CreateAsync("r-1", ("L1", "SKU-1", 3));
        Assert.Equal("LOC-A", Assert.Single(order.Document.FulfilmentOrders).LocationId);

        var after = await world.Lifecycle.RejectLinesAsync(As(order.Id), $"{order.Id}-F1", [new LineQuantity("L1", 1)], "damaged", None);

        Assert.Empty(after.Document.PendingStockActions);
        var atB = Assert.Single(after.Document.FulfilmentOrders, f => f.LocationId == "LOC-B");
        Assert.Equal(1, atB.Lines.Single().Quantity);
        Assert.Equal(3, after.Document.Lines[0].In(LineState.Allocated));
        Assert.Equal(1, world.Inventory.Available("SKU-1", "LOC-A"));
        Assert.Equal(2, world.Inventory.Available("SKU-1", "LOC-B"));
        StockInvariant.Holds(world, [await world.GetAsync(order.Id)]);
    }

    [Fact]
    public async Task ConfirmShipmentAsync_AfterAccept_CommitsTheReservationAndOnHandFalls()
    {
        var world = new OrderWorld();
        world.Inventory.Stock("SKU-1", "LOC-A", 5);
        var order = await world.CreateAsync("r-1", ("L1", "SKU-1", 2));
        await world.Lifecycle.AcceptFulfilmentAsync(As(order.Id), $"{order.Id}-F1", None);

        var (shipped, shipment) = await world.Lifecycle.ConfirmShipmentAsync(As(order.Id), $"{order.Id}-F1", "DHL", "T-1", [new LineQuantity("L1", 2)], None);

        Assert.Equal(OrderStatus.Shipped, shipped.Status);
        Assert.Equal($"{order.Id}-F1-S1", shipment.Id);
        Assert.Equal(3, world.Inventory.OnHand("SKU-1", "LOC-A"));
        Assert.Empty(world.Inventory.LiveHolds());
        StockInvariant.Holds(world, [await world.GetAsync(order.Id)]);
    }

    [Fact]
    public async Task CancelAsync_AllocatedOrder_ReleasesItsHolds()
    {
        var world = new OrderWorld();
        world.Inventory.Stock("SKU-1", "LOC-A", 5);
        var order = await world.CreateAsync("r-1", ("L1", "SKU-1", 2));

        var cancelled = await world.Lifecycle.CancelAsync(As(order.Id, "agent-7"), null, null, "customer asked", None);

        Assert.Equal(OrderStatus.Cancelled, cancelled.Status);
        Assert.Empty(world.Inventory.LiveHolds());
        Assert.Equal(5, world.Inventory.Available("SKU-1", "LOC-A"));
    }

    [Fact]
    public async Task ResourceBackordersAsync_StockArrives_OldestBackorderedOrderAllocatedFirst()
    {
        var world = new OrderWorld();
        world.Inventory.Stock("SKU-1", "LOC-A", 0);
        var older = await world.CreateAsync("r-1", ("L1", "SKU-1", 2));
        world.Clock.Advance(TimeSpan.FromMinutes(1));
        var newer = await world.CreateAsync("r-2", ("L1", "SKU-1", 2));
        Assert.Equal(OrderStatus.Backordered, older.Status);
        Assert.Equal(OrderStatus.Backordered, newer.Status);

        world.Inventory.Stock("SKU-1", "LOC-A", 2);
        var tried = await world.Lifecycle.ResourceBackordersAsync(["SKU-1"], 10, None);

        Assert.Equal(2, tried);
        var olderNow = await world.GetAsync(older.Id);
        var newerNow = await world.GetAsync(newer.Id);
        Assert.Equal(2, olderNow.Document.Lines[0].In(LineState.Allocated));
        Assert.Equal(OrderStatus.Backordered, newerNow.Status);
        Assert.Equal(2, newerNow.Document.Lines[0].In(LineState.Backordered));
        StockInvariant.Holds(world, [olderNow, newerNow]);
    }

    [Fact]
    public async Task ResourceLapsedHoldsAsync_HoldLapsedBeforeShipment_UnitsHeldAgainUnderANewReservation()
    {
        var world = new OrderWorld();
        world.Inventory.Stock("SKU-1", "LOC-A", 2);
        var order = await world.CreateAsync("r-1", ("L1", "SKU-1", 2));
        var firstReservation = order.Document.FulfilmentOrders[0].Lines[0].ReservationId;

        world.Clock.Advance(world.Inventory.HoldFor + TimeSpan.FromSeconds(1));
        Assert.Empty(world.Inventory.LiveHolds());
        var looked = await world.Lifecycle.ResourceLapsedHoldsAsync(10, None);

        Assert.Equal(1, looked);
        var after = await world.GetAsync(order.Id);
        Assert.Equal(2, after.Document.Lines[0].In(LineState.Allocated));
        var live = Assert.Single(after.Document.FulfilmentOrders, f => f.Status != FulfilmentStatus.Closed);
        Assert.NotEqual(firstReservation, live.Lines[0].ReservationId);
        Assert.True(await world.Inventory.IsHeldAsync(live.Lines[0].ReservationId, None));
        StockInvariant.Holds(world, [after]);
    }

    [Fact]
    public async Task CreateAsync_StockTakenBetweenProposalAndHold_AttemptAbandonedAndRetriedElsewhere()
    {
        var world = new OrderWorld();
        world.Inventory.Stock("SKU-1", "LOC-A", 2);
        world.Inventory.Stock("SKU-1", "LOC-B", 2);
        world.Inventory.Stock("SKU-2", "LOC-B", 1);
        // The proposal takes L1 from LOC-A; another order takes LOC-A's units before L1's hold, so only LOC-B can supply it.
        world.Inventory.BeforeNextHold = () => world.Inventory.Stock("SKU-1", "LOC-A", -2);

        var order = await world.CreateAsync("r-1", ("L1", "SKU-1", 2), ("L2", "SKU-2", 1));

        var stored = await world.GetAsync(order.Id);
        Assert.Contains((await world.Store.GetHistoryAsync(order.Id, None)).Select(e => e.Event.Type), t => t == OrderEventTypes.SourcingAbandoned);
        Assert.Null(stored.Document.PendingAllocation);
        Assert.Equal(2, stored.Document.Lines[0].In(LineState.Allocated));
        Assert.Equal(1, stored.Document.Lines[1].In(LineState.Allocated));
        Assert.Equal(["LOC-B"], stored.Document.FulfilmentOrders.Select(f => f.LocationId));
        StockInvariant.Holds(world, [stored]);
    }

    [Fact]
    public async Task RejectLinesAsync_StockTakenBetweenProposalAndHold_AttemptAbandonedAndRetried()
    {
        var world = new OrderWorld();
        world.Inventory.Stock("SKU-1", "LOC-A", 1);
        world.Inventory.Stock("SKU-1", "LOC-B", 1);
        world.Inventory.Stock("SKU-1", "LOC-C", 1);
        var order = await world.CreateAsync("r-1", ("L1", "SKU-1", 1));
        world.Inventory.BeforeNextHold = () => world.Inventory.Stock("SKU-1", "LOC-B", -1);

        var after = await world.Lifecycle.RejectLinesAsync(As(order.Id), $"{order.Id}-F1", [new LineQuantity("L1", 1)], "not found", None);

        Assert.Equal("LOC-C", Assert.Single(after.Document.FulfilmentOrders, f => f.Status != FulfilmentStatus.Closed).LocationId);
        Assert.Contains((await world.Store.GetHistoryAsync(order.Id, None)).Select(e => e.Event.Type), t => t == OrderEventTypes.SourcingAbandoned);
        StockInvariant.Holds(world, [await world.GetAsync(order.Id)]);
    }
}

using static Sourcing.Orders.Tests.TestOrders;

namespace Sourcing.Orders.Tests;

public sealed class OrderAllocationTests
{
    [Fact]
    public void BeginAllocation_Plan_WritesIntentWithAHoldRequestIdPerAllocationAndMovesNoUnit()
    {
        var order = Order.Create(Document("O-1", ("L1", "SKU-1", 3), ("L2", "SKU-2", 1)), Actor, T0);

        var pending = order.BeginAllocation(Plan([("L1", "LOC-A", 2), ("L1", "LOC-B", 1), ("L2", "LOC-A", 1)]), T0);

        Assert.Same(pending, order.Document.PendingAllocation);
        Assert.Equal(["order:O-1:a1:0", "order:O-1:a1:1", "order:O-1:a1:2"], pending.Holds.Select(h => h.HoldRequestId));
        Assert.Equal(["SKU-1", "SKU-1", "SKU-2"], pending.Holds.Select(h => h.Sku));
        Assert.Equal(3, order.Document.Lines[0].In(LineState.Open));
        Assert.True(order.Project().Unfinished);
    }

    [Fact]
    public void BeginAllocation_AttemptPending_RefusedAsSourcingInProgress()
    {
        var order = New();
        order.BeginAllocation(Plan([("L1", "LOC-A", 2)]), T0);

        var refusal = Assert.Throws<OrderStateException>(() => order.BeginAllocation(Plan([("L1", "LOC-A", 2)]), T0));

        Assert.Equal("SOURCING_IN_PROGRESS", refusal.Code);
    }

    [Fact]
    public void BeginAllocation_PlanMovesMoreThanOpen_Refused()
    {
        var order = New(2);

        Assert.Throws<InvalidOperationException>(() => order.BeginAllocation(Plan([("L1", "LOC-A", 2)], [("L1", 1)]), T0));
        Assert.Null(order.Document.PendingAllocation);
    }

    [Fact]
    public void CompleteAllocation_TwoLocations_OneFulfilmentOrderPerLocationCarryingItsReservations()
    {
        var order = Order.Create(Document("O-1", ("L1", "SKU-1", 3), ("L2", "SKU-2", 2)), Actor, T0);
        var pending = order.BeginAllocation(Plan([("L1", "LOC-A", 2), ("L2", "LOC-B", 2), ("L1", "LOC-B", 1)]), T0);

        order.CompleteAllocation(pending.Attempt, HeldFor(pending), T0);

        Assert.Null(order.Document.PendingAllocation);
        Assert.Equal(2, order.Document.FulfilmentOrders.Count);
        var atA = order.Document.FulfilmentOrders.Single(f => f.LocationId == "LOC-A");
        var atB = order.Document.FulfilmentOrders.Single(f => f.LocationId == "LOC-B");
        Assert.Equal([("L1", 2, "res:order:O-1:a1:0")], atA.Lines.Select(l => (l.LineId, l.Quantity, l.ReservationId)));
        Assert.Equal([("L2", 2, "res:order:O-1:a1:1"), ("L1", 1, "res:order:O-1:a1:2")], atB.Lines.Select(l => (l.LineId, l.Quantity, l.ReservationId)));
        Assert.All(order.Document.FulfilmentOrders, f => Assert.Equal(FulfilmentStatus.Created, f.Status));
        Assert.Equal(3, order.Document.Lines[0].In(LineState.Allocated));
        Assert.Equal(2, order.Document.Lines[1].In(LineState.Allocated));
        Assert.Equal(OrderStatus.InFulfilment, order.Status);
        Assert.Single(order.Document.Decisions);
        Assert.Equal(2, order.NewEvents.Count(e => e.Type == OrderEventTypes.FulfilmentCreated));
        Assert.False(order.Project().Unfinished);
        Assert.Equal(T0.AddHours(1), order.Project().EarliestHoldExpiry);
    }

    [Fact]
    public void CompleteAllocation_PartlyBackordered_BackorderedUnitsWaitForStock()
    {
        var order = New(3);

        Source(order, [("L1", "LOC-A", 1)], [("L1", 2)]);

        var line = order.Document.Lines[0];
        Assert.Equal(1, line.In(LineState.Allocated));
        Assert.Equal(2, line.In(LineState.Backordered));
        Assert.Equal(["SKU-1"], order.Project().BackorderedSkus);
        Assert.Contains(order.NewEvents, e => e.Type == OrderEventTypes.Backordered && e.Detail == "L1 x2");
    }

    [Fact]
    public void CompleteAllocation_AnotherAttempt_RefusedAsAConcurrentChange()
    {
        var order = New();
        var pending = order.BeginAllocation(Plan([("L1", "LOC-A", 2)]), T0);

        Assert.Throws<OrderConcurrencyException>(() => order.CompleteAllocation(pending.Attempt + 1, HeldFor(pending), T0));
        Assert.Same(pending, order.Document.PendingAllocation);
    }

    [Fact]
    public void AbandonAllocation_PendingAttempt_UnitsStayOpenAndTheNextAttemptHasNewRequestIds()
    {
        var order = New();
        var first = order.BeginAllocation(Plan([("L1", "LOC-A", 2)]), T0);

        order.AbandonAllocation(first.Attempt, "stock taken", T0);
        var second = order.BeginAllocation(Plan([("L1", "LOC-A", 2)]), T0);

        Assert.Equal(2, order.Document.Lines[0].In(LineState.Open));
        Assert.Contains(order.NewEvents, e => e.Type == OrderEventTypes.SourcingAbandoned && e.Reason == "stock taken");
        Assert.Equal("order:O-1:a2:0", second.Holds[0].HoldRequestId);
    }

    [Fact]
    public void ReopenBackordered_OtherSku_LeavesTheUnitsBackordered()
    {
        var order = Backordered();

        Assert.False(order.ReopenBackordered(new HashSet<string> { "SKU-9" }, "stock arrived", T0));
        Assert.True(order.ReopenBackordered(new HashSet<string> { "SKU-1" }, "stock arrived", T0));
        Assert.Equal(2, order.Document.Lines[0].In(LineState.Open));
    }
}

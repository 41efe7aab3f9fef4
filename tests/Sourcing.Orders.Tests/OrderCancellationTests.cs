using static Sourcing.Orders.Tests.TestOrders;

namespace Sourcing.Orders.Tests;

public sealed class OrderCancellationTests
{
    [Theory]
    [InlineData(LineState.Open)]
    [InlineData(LineState.Held)]
    [InlineData(LineState.Backordered)]
    [InlineData(LineState.Allocated)]
    [InlineData(LineState.Released)]
    [InlineData(LineState.Picked)]
    public void Cancel_BeforeShipment_CancelsEveryUnit(LineState state)
    {
        var order = In(state, quantity: 2);

        var cancelled = order.Cancel(null, null, "customer changed their mind", "agent-7", T0);

        Assert.Equal(2, cancelled);
        Assert.Equal(2, order.Document.Lines[0].In(LineState.Cancelled));
        Assert.Equal(OrderStatus.Cancelled, order.Status);
        Assert.Contains(order.NewEvents, e => e.Type == OrderEventTypes.Cancelled && e.Actor == "agent-7");
    }

    [Theory]
    [InlineData(LineState.Allocated)]
    [InlineData(LineState.Released)]
    [InlineData(LineState.Picked)]
    public void Cancel_UnitsAtALocation_ReleasesTheirHoldAndClosesTheFulfilmentOrder(LineState state)
    {
        var order = In(state, quantity: 2);

        order.Cancel(null, null, "customer changed their mind", "agent-7", T0);

        var release = Assert.Single(order.Document.PendingStockActions);
        Assert.Equal((StockActionKind.Release, "res:order:O-1:a1:0"), (release.Kind, release.ReservationId));
        Assert.Equal(FulfilmentStatus.Closed, order.Document.FulfilmentOrders[0].Status);
        Assert.Null(order.Project().EarliestHoldExpiry);
    }

    [Fact]
    public void Cancel_PartOfALineAtALocation_ReleasesTheHoldAndPlansAReholdOfTheRest()
    {
        var order = Released(quantity: 5);

        var cancelled = order.Cancel("L1", 2, "customer wants fewer", "agent-7", T0);

        Assert.Equal(2, cancelled);
        Assert.Equal(3, order.Document.Lines[0].In(LineState.Released));
        Assert.Equal(2, order.Document.Lines[0].In(LineState.Cancelled));
        Assert.Contains(order.Document.PendingStockActions, a => a.Kind == StockActionKind.Release);
        Assert.Contains(order.Document.PendingStockActions, a => a.Kind == StockActionKind.Rehold && a.Quantity == 3);
        Assert.Equal(OrderStatus.InFulfilment, order.Status);
    }

    [Fact]
    public void Cancel_OpenAndAllocatedUnits_TakesTheLeastCommittedFirst()
    {
        var order = New(3);
        Source(order, [("L1", "LOC-A", 2)], [("L1", 1)]);

        order.Cancel("L1", 1, "customer wants fewer", "agent-7", T0);

        Assert.Equal(1, order.Document.Lines[0].In(LineState.Cancelled));
        Assert.Equal(0, order.Document.Lines[0].In(LineState.Backordered));
        Assert.Equal(2, order.Document.Lines[0].In(LineState.Allocated));
        Assert.Empty(order.Document.PendingStockActions);
    }

    [Theory]
    [InlineData(LineState.Shipped)]
    [InlineData(LineState.Delivered)]
    [InlineData(LineState.Returned)]
    public void Cancel_AfterShipment_RefusedNamingTheShippedUnits(LineState state)
    {
        var order = In(state, quantity: 2);

        var refusal = Assert.Throws<OrderStateException>(() => order.Cancel(null, null, "too late", "agent-7", T0));

        Assert.Equal("NOT_CANCELLABLE", refusal.Code);
        Assert.Equal("order/O-1", refusal.Subject);
        Assert.Contains("0 unit(s) can be cancelled; 2 already shipped", refusal.Message);
        Assert.Equal(2, order.Document.Lines[0].In(state));
    }

    [Fact]
    public void Cancel_MoreThanTheUnshippedUnitsOfALine_RefusedNamingBoth()
    {
        var order = New(3);
        Source(order, [("L1", "LOC-A", 2), ("L1", "LOC-B", 1)]);
        order.ConfirmShipment("O-1-F1", "DHL", "T-1", [new LineQuantity("L1", 2)], Actor, T0);

        var refusal = Assert.Throws<OrderStateException>(() => order.Cancel("L1", 2, "too late", "agent-7", T0));

        Assert.Equal("NOT_CANCELLABLE", refusal.Code);
        Assert.Equal("order/O-1/line/L1", refusal.Subject);
        Assert.Contains("1 unit(s) can be cancelled, 2 asked; 2 already shipped", refusal.Message);
        Assert.Equal(1, order.Document.Lines[0].In(LineState.Allocated));
    }

    [Fact]
    public void Cancel_WhileSourcing_RefusedUntilTheAttemptEnds()
    {
        var order = New();
        order.BeginAllocation(Plan([("L1", "LOC-A", 2)]), T0);

        var refusal = Assert.Throws<OrderStateException>(() => order.Cancel(null, null, "stop", "agent-7", T0));

        Assert.Equal("SOURCING_IN_PROGRESS", refusal.Code);
    }
}

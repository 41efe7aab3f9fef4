using static Sourcing.Orders.Tests.TestOrders;

namespace Sourcing.Orders.Tests;

public sealed class OrderStatusTests
{
    [Fact]
    public void StatusOf_NewOrder_IsOpen()
    {
        var order = Order.Create(new OrderDocument
        {
            OrderId = "O-1",
            Channel = "web",
            Lines = [new OrderLine { LineId = "L1", Sku = "SKU-1", Quantity = 2 }],
        }, "tester", DateTimeOffset.UnixEpoch);

        Assert.Equal(OrderStatus.Open, order.Status);
        Assert.Equal(2, order.Document.Lines[0].In(LineState.Open));
    }

    [Theory]
    [InlineData(LineState.Open, OrderStatus.Open)]
    [InlineData(LineState.Held, OrderStatus.OnHold)]
    [InlineData(LineState.Backordered, OrderStatus.Backordered)]
    [InlineData(LineState.Allocated, OrderStatus.InFulfilment)]
    [InlineData(LineState.Released, OrderStatus.InFulfilment)]
    [InlineData(LineState.Picked, OrderStatus.InFulfilment)]
    [InlineData(LineState.Shipped, OrderStatus.Shipped)]
    [InlineData(LineState.Delivered, OrderStatus.Delivered)]
    [InlineData(LineState.Cancelled, OrderStatus.Cancelled)]
    public void StatusOf_EveryUnitInOneState_IsThatStatesOrderStatus(LineState state, OrderStatus expected)
    {
        Assert.Equal(expected, In(state).Status);
    }

    [Theory]
    [InlineData(new[] { LineState.Shipped, LineState.Allocated }, OrderStatus.PartiallyShipped)]
    [InlineData(new[] { LineState.Delivered, LineState.Backordered }, OrderStatus.PartiallyShipped)]
    [InlineData(new[] { LineState.Shipped, LineState.Delivered }, OrderStatus.Shipped)]
    [InlineData(new[] { LineState.Delivered, LineState.Cancelled }, OrderStatus.Delivered)]
    [InlineData(new[] { LineState.Shipped, LineState.Cancelled }, OrderStatus.Shipped)]
    [InlineData(new[] { LineState.Allocated, LineState.Backordered }, OrderStatus.InFulfilment)]
    [InlineData(new[] { LineState.Open, LineState.Backordered }, OrderStatus.Backordered)]
    [InlineData(new[] { LineState.Cancelled, LineState.Open }, OrderStatus.Open)]
    public void StatusOf_UnitsInTwoStates_DerivedFromBoth(LineState[] states, OrderStatus expected)
    {
        var document = Document("O-1", ("L1", "SKU-1", 2));
        document.Lines[0].States = states.ToDictionary(s => s, _ => 1);

        Assert.Equal(expected, Order.StatusOf(document));
    }

    [Fact]
    public void StatusOf_ActiveHoldWithUnitsAtALocation_IsOnHold()
    {
        var order = Allocated();
        order.Document.Holds.Add(new OrderHold { Code = "CREDIT", PlacedAt = T0 });

        Assert.Equal(OrderStatus.OnHold, order.Status);
    }
}

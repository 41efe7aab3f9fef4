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
}

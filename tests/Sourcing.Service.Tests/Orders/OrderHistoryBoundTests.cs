using Sourcing.Orders;
using Sourcing.Service.Orders;

namespace Sourcing.Service.Tests.Orders;

public sealed class OrderHistoryBoundTests
{
    [Fact]
    public void ToProto_HistoryLongerThanShown_KeepsTheNewestAndCountsTheRest()
    {
        var now = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
        var order = Order.Create(new OrderDocument
        {
            OrderId = "O-1",
            Channel = "web",
            Lines = [new OrderLine { LineId = "L1", Sku = "SKU-1", Quantity = 1 }],
        }, "tester", now);
        var history = Enumerable.Range(1, OrderMapping.MaxHistoryShown + 100)
            .Select(i => new StoredOrderEvent(i, "O-1", "web", i, new OrderEvent(OrderEventTypes.DeliveryFailed, now, "carrier", "", $"attempt {i}")))
            .ToList();

        var message = OrderMapping.ToProto(order, history);

        Assert.Equal(OrderMapping.MaxHistoryShown, message.History.Count);
        Assert.Equal(100, message.HistoryOmitted);
        Assert.Equal((101, OrderMapping.MaxHistoryShown + 100), (message.History[0].Sequence, message.History[^1].Sequence));
    }
}

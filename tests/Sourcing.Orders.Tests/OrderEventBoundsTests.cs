namespace Sourcing.Orders.Tests;

public sealed class OrderEventBoundsTests
{
    [Fact]
    public void Create_FiveHundredLinesWithLongIds_EventDetailIsCutToTheBoundSayingHowLongItWas()
    {
        var lines = Enumerable.Range(0, 500).Select(i => ($"{i:D3}-" + new string('x', 60), "SKU-1", 100_000)).ToArray();
        var document = TestOrders.Document("O-1", lines);
        var order = Order.Create(document, new string('a', 5_000), TestOrders.T0);
        TestOrders.Source(order, lines.Select(l => (l.Item1, "LOC-A", l.Item3)));

        Assert.All(order.NewEvents, e =>
        {
            Assert.True(e.Detail.Length <= Order.MaxEventDetailLength, $"{e.Type}: {e.Detail.Length} characters");
            Assert.True(e.Actor.Length <= Order.MaxEventActorLength);
        });
        var created = Assert.Single(order.NewEvents, e => e.Type == OrderEventTypes.FulfilmentCreated);
        Assert.EndsWith("characters in all)", created.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void RecordDelivery_MoreFailedAttemptsThanAShipmentKeeps_IsRefusedAndRecordsNothing()
    {
        var order = TestOrders.Allocated(1);
        var fulfilment = order.Document.FulfilmentOrders[0];
        var shipment = order.ConfirmShipment(fulfilment.Id, "DHL", "T-1", [new LineQuantity("L1", 1)], "wms", TestOrders.T0);
        for (var i = 0; i < Order.MaxDeliveryEventsPerShipment; i++)
        {
            order.RecordDelivery(shipment.Id, delivered: false, TestOrders.T0, "nobody home", "carrier", TestOrders.T0);
        }

        var refused = Assert.Throws<OrderStateException>(() => order.RecordDelivery(shipment.Id, delivered: false, TestOrders.T0, "nobody home", "carrier", TestOrders.T0));

        Assert.Equal("TOO_MANY_DELIVERY_EVENTS", refused.Code);
        Assert.Equal(Order.MaxDeliveryEventsPerShipment, shipment.DeliveryEvents.Count);
    }
}

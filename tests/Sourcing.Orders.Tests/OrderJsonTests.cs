using Sourcing.Orders.Storage;
using static Sourcing.Orders.Tests.TestOrders;

namespace Sourcing.Orders.Tests;

public sealed class OrderJsonTests
{
    [Fact]
    public void Deserialize_SerializedBusyOrder_KeepsEverything()
    {
        var order = Order.Create(Document("O-1", ("L1", "SKU-1", 5), ("L2", "SKU-2", 2)), Actor, T0);
        var document = order.Document;
        document.ChannelReferences["marketplace"] = "MP-9";
        document.Customer = new OrderCustomer { Id = "C-1", Segment = "gold", Vip = true, Email = "a@example.com", Phone = "+49 30 1" };
        document.ShippingAddress = new PostalAddress { Name = "Ana", Street = "Hauptstr. 1", PostalCode = "10115", City = "Berlin", Country = "DE" };
        document.Latitude = 52.53;
        document.Longitude = 13.38;
        document.ShippingChargeMinor = 495;
        document.FraudScore = 12;
        document.PlacedAt = T0.AddMinutes(-5);
        order.PlaceHolds([Fraud], "rules", T0);
        order.ReleaseHold("FRAUD", "checked", "agent-7", T0);
        Source(order, [("L1", "LOC-A", 3), ("L2", "LOC-B", 2)], [("L1", 2)]);
        order.AcceptFulfilment("O-1-F1", Actor, T0);
        order.RejectLines("O-1-F1", [new LineQuantity("L1", 1)], "damaged", Actor, T0);
        order.ConfirmShipment("O-1-F2", "DHL", "T-1", [new LineQuantity("L2", 2)], Actor, T0);
        order.RecordDelivery("O-1-F2-S1", false, T0.AddDays(1), "nobody home", "carrier", T0.AddDays(1));
        order.BeginAllocation(Plan([("L1", "LOC-C", 1)]), T0);

        var json = OrderJson.Serialize(document);
        var copy = OrderJson.Deserialize(json);

        Assert.Equal(json, OrderJson.Serialize(copy));
        Assert.Equal(document.Lines[0].States, copy.Lines[0].States);
        Assert.Equal(["LOC-A"], copy.Lines[0].ExcludedLocations);
        Assert.Equal(["FRAUD"], copy.ReleasedHoldCodes);
        Assert.False(copy.Holds[0].Active);
        Assert.Equal(FulfilmentStatus.Accepted, copy.FulfilmentOrders[0].Status);
        Assert.Equal(LineState.Released, copy.FulfilmentOrders[0].UnitState);
        Assert.Equal(1, copy.FulfilmentOrders[0].Lines[0].HoldRevision);
        Assert.Equal(["failed"], copy.Shipments[0].DeliveryEvents.Select(e => e.Kind));
        Assert.Equal(["order:O-1:a2:0"], copy.PendingAllocation!.Holds.Select(h => h.HoldRequestId));
        Assert.Equal(document.PendingStockActions.Select(a => (a.Id, a.Kind, a.HoldRequestId)), copy.PendingStockActions.Select(a => (a.Id, a.Kind, a.HoldRequestId)));
        Assert.Equal(3, copy.StockActionCounter);
        Assert.Equal(2, copy.SourcingAttempts);
        var projection = Order.Rehydrate(copy, 4).Project();
        // The lists are compared by their items: a record compares list members by reference.
        Assert.Equal(order.Project() with { BackorderedSkus = [], Returns = [] }, projection with { BackorderedSkus = [], Returns = [] });
        Assert.Equal(order.Project().BackorderedSkus, projection.BackorderedSkus);
        Assert.Equal(order.Project().Returns, projection.Returns);
    }

    [Fact]
    public void Serialize_LineStates_WrittenByName()
    {
        var json = OrderJson.Serialize(Allocated().Document);

        Assert.Contains("\"Allocated\":2", json);
        Assert.Contains("\"status\":\"Created\"", json);
    }
}

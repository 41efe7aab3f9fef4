using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Orders;

/// <summary>
/// The README's order story through the real host, real Redis stock and the shipped rules: a web order with a high
/// fraud score is held, a service agent releases it, it is sourced to the Berlin store, the store rejects the stove,
/// the stove is sourced again to the Frankfurt warehouse (never the store), which ships it, and it is delivered.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class OrderStoryTests(RedisFixture redis)
{
    private static readonly string[] StoryEvents =
    [
        "order.created", "order.held", "order.hold_released", "order.sourced", "fulfilment.created", "fulfilment.lines_rejected",
        "order.sourced", "fulfilment.created", "fulfilment.accepted", "shipment.confirmed", "shipment.delivered",
    ];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CreateOrder_HighFraudScore_IsHeldThenReleasedSourcedRejectedShippedAndDelivered(bool ordersInMemory)
    {
        await using var bed = await OrderTestBed.StartAsync(redis, ordersInMemory);

        var created = await bed.Web.CreateOrderAsync(OrderTestBed.NewOrder("story-1", fraudScore: 90));
        Assert.Equal(OrderStatus.OnHold, created.Status);
        var hold = Assert.Single(created.Holds);
        Assert.Equal(("FRAUD_REVIEW", "HighFraudScoreHeldForReview", true), (hold.Code, hold.Rule, hold.Active));
        Assert.Equal(2, OrderTestBed.UnitsIn(OrderTestBed.Line(created, "T"), LineState.Held));
        Assert.Empty(created.FulfilmentOrders);
        Assert.Equal(0, (await bed.StockAsync(OrderTestBed.Tent, "ST-BERLIN")).Reserved);

        var released = await bed.Agent.ReleaseHoldAsync(new ReleaseHoldRequest
        {
            OrderId = created.OrderId, HoldCode = "FRAUD_REVIEW", Reason = "customer confirmed by phone", ExpectedVersion = created.Version,
        });
        Assert.Equal(OrderStatus.InFulfilment, released.Status);
        var store = Assert.Single(released.FulfilmentOrders);
        Assert.Equal("ST-BERLIN", store.LocationId);
        Assert.Equal(2, (await bed.StockAsync(OrderTestBed.Tent, "ST-BERLIN")).Reserved);
        Assert.Equal(1, (await bed.StockAsync(OrderTestBed.Stove, "ST-BERLIN")).Reserved);

        var rejected = await bed.BerlinStore.RejectFulfilmentLinesAsync(new RejectFulfilmentLinesRequest
        {
            OrderId = created.OrderId, FulfilmentOrderId = store.FulfilmentOrderId, Lines = { new LineQuantity { LineId = "S", Quantity = 1 } }, Reason = "damaged box",
        });
        var warehouse = Assert.Single(rejected.FulfilmentOrders, f => f.FulfilmentOrderId != store.FulfilmentOrderId);
        Assert.Equal("WH-FRANKFURT", warehouse.LocationId);
        Assert.Equal(["ST-BERLIN"], OrderTestBed.Line(rejected, "S").ExcludedLocations);
        Assert.Equal(0, (await bed.StockAsync(OrderTestBed.Stove, "ST-BERLIN")).Reserved);
        Assert.Equal(2, (await bed.StockAsync(OrderTestBed.Tent, "ST-BERLIN")).Reserved);
        Assert.Equal(1, (await bed.StockAsync(OrderTestBed.Stove, "WH-FRANKFURT")).Reserved);

        await bed.FrankfurtWms.AcceptFulfilmentOrderAsync(new FulfilmentOrderRequest { OrderId = created.OrderId, FulfilmentOrderId = warehouse.FulfilmentOrderId });
        var shipped = await bed.FrankfurtWms.ConfirmShipmentAsync(new ConfirmShipmentRequest
        {
            OrderId = created.OrderId, FulfilmentOrderId = warehouse.FulfilmentOrderId, Carrier = "DHL", TrackingNumber = "JJD000123",
            Lines = { new LineQuantity { LineId = "S", Quantity = 1 } },
        });
        var stoveInFrankfurt = await bed.StockAsync(OrderTestBed.Stove, "WH-FRANKFURT");
        Assert.Equal((9, 0), (stoveInFrankfurt.OnHand, stoveInFrankfurt.Reserved));

        await bed.FrankfurtWms.RecordDeliveryEventAsync(new RecordDeliveryEventRequest
        {
            OrderId = created.OrderId, ShipmentId = shipped.ShipmentId, Outcome = DeliveryOutcome.Delivered,
            OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow), Detail = "handed to the customer",
        });

        var order = await bed.Web.GetOrderAsync(new GetOrderRequest { OrderId = created.OrderId });
        Assert.Equal(OrderStatus.PartiallyShipped, order.Status);
        Assert.Equal(2, OrderTestBed.UnitsIn(OrderTestBed.Line(order, "T"), LineState.Allocated));
        Assert.Equal(1, OrderTestBed.UnitsIn(OrderTestBed.Line(order, "S"), LineState.Delivered));
        var releasedHold = Assert.Single(order.Holds);
        Assert.Equal((false, "agent-anna", "customer confirmed by phone"), (releasedHold.Active, releasedHold.ReleasedBy, releasedHold.ReleaseReason));
        var storeNow = order.FulfilmentOrders.Single(f => f.FulfilmentOrderId == store.FulfilmentOrderId);
        Assert.Equal((1, 0), (storeNow.Lines.Single(l => l.LineId == "S").Rejected, storeNow.Lines.Single(l => l.LineId == "S").Remaining));
        Assert.NotEmpty(storeNow.Lines.Single(l => l.LineId == "T").ReservationId);
        Assert.Equal(FulfilmentStatus.Closed, order.FulfilmentOrders.Single(f => f.FulfilmentOrderId == warehouse.FulfilmentOrderId).Status);
        var shipment = Assert.Single(order.Shipments);
        Assert.Equal(("WH-FRANKFURT", "DHL", "JJD000123", true), (shipment.LocationId, shipment.Carrier, shipment.TrackingNumber, shipment.Delivered));
        Assert.Equal(DeliveryOutcome.Delivered, Assert.Single(shipment.DeliveryEvents).Outcome);
        Assert.Equal(2, order.SourcingDecisions.Count);
        Assert.All(order.SourcingDecisions, d => Assert.NotEmpty(d.RulesVersion));
        Assert.Contains(order.SourcingDecisions[1].Explanation, e => e.Contains("ST-BERLIN", StringComparison.Ordinal) && e.Contains("rejected this line", StringComparison.Ordinal));
        Assert.Equal(StoryEvents, order.History.Select(e => e.Type));
        Assert.Equal("agent-anna", order.History.Single(e => e.Type == "order.hold_released").Actor);
    }

    [Fact]
    public async Task WatchOrderEvents_FromPositionZero_ShowsEachStepOfTheStoryInOrder()
    {
        await using var bed = await OrderTestBed.StartAsync(redis);
        var created = await bed.Web.CreateOrderAsync(OrderTestBed.NewOrder("story-2", fraudScore: 90));
        var released = await bed.Agent.ReleaseHoldAsync(new ReleaseHoldRequest { OrderId = created.OrderId, HoldCode = "FRAUD_REVIEW", Reason = "checked" });
        var store = released.FulfilmentOrders.Single();
        var rejected = await bed.BerlinStore.RejectFulfilmentLinesAsync(new RejectFulfilmentLinesRequest
        {
            OrderId = created.OrderId, FulfilmentOrderId = store.FulfilmentOrderId, Lines = { new LineQuantity { LineId = "S", Quantity = 1 } }, Reason = "damaged box",
        });
        var warehouse = rejected.FulfilmentOrders.Single(f => f.LocationId == "WH-FRANKFURT");
        await bed.FrankfurtWms.AcceptFulfilmentOrderAsync(new FulfilmentOrderRequest { OrderId = created.OrderId, FulfilmentOrderId = warehouse.FulfilmentOrderId });
        var shipped = await bed.FrankfurtWms.ConfirmShipmentAsync(new ConfirmShipmentRequest
        {
            OrderId = created.OrderId, FulfilmentOrderId = warehouse.FulfilmentOrderId, Carrier = "DHL", TrackingNumber = "JJD000124",
            Lines = { new LineQuantity { LineId = "S", Quantity = 1 } },
        });
        await bed.FrankfurtWms.RecordDeliveryEventAsync(new RecordDeliveryEventRequest
        {
            OrderId = created.OrderId, ShipmentId = shipped.ShipmentId, Outcome = DeliveryOutcome.Delivered, OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        });

        var seen = new List<OrderEventMessage>();
        using var watch = bed.Web.WatchOrderEvents(new WatchOrderEventsRequest { AfterPosition = 0 }, deadline: DateTime.UtcNow.AddSeconds(10));
        while (seen.Count < StoryEvents.Length && await watch.ResponseStream.MoveNext(CancellationToken.None))
        {
            seen.Add(watch.ResponseStream.Current);
        }

        Assert.Equal(StoryEvents, seen.Select(e => e.Type));
        Assert.All(seen, e => Assert.Equal((created.OrderId, "web"), (e.OrderId, e.Channel)));
        Assert.Equal(Enumerable.Range(1, StoryEvents.Length), seen.Select(e => e.Sequence));
        Assert.Equal(seen.Select(e => e.Position).Order(), seen.Select(e => e.Position));
        Assert.Equal(seen.Count, seen.Select(e => e.Position).Distinct().Count());
    }

    [Fact]
    public async Task WatchOrderEvents_AnotherChannelsOrders_AreNotShown()
    {
        await using var bed = await OrderTestBed.StartAsync(redis);
        var web = await bed.Web.CreateOrderAsync(OrderTestBed.NewOrder("watch-web"));
        var marketplaceOrder = OrderTestBed.NewOrder("watch-mp");
        marketplaceOrder.Channel = "marketplace";
        var mine = await bed.Marketplace.CreateOrderAsync(marketplaceOrder);

        // Read until the marketplace order's last capture event: the web order's events come before it in the feed.
        var last = mine.History.Max(e => e.Sequence);
        var seen = new List<OrderEventMessage>();
        using var watch = bed.Marketplace.WatchOrderEvents(new WatchOrderEventsRequest { AfterPosition = 0 }, deadline: DateTime.UtcNow.AddSeconds(20));
        while (await watch.ResponseStream.MoveNext(CancellationToken.None))
        {
            seen.Add(watch.ResponseStream.Current);
            if (seen[^1].OrderId == mine.OrderId && seen[^1].Sequence == last)
            {
                break;
            }
        }

        Assert.Contains(seen, e => e.OrderId == mine.OrderId && e.Sequence == last);
        Assert.All(seen, e => Assert.Equal("marketplace", e.Channel));
        Assert.DoesNotContain(seen, e => e.OrderId == web.OrderId);
    }
}

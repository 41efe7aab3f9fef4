using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Orders;

/// <summary>Who may see and change an order, cancellation against the stock it holds, races and refused transitions.</summary>
[Collection(RedisCollection.Name)]
public sealed class OrderCommandTests(RedisFixture redis)
{
    [Fact]
    public async Task GetOrder_AnotherChannelsOrder_IsNotFoundAndCannotBeCancelled()
    {
        await using var bed = await OrderTestBed.StartAsync(redis);
        var order = await bed.Web.CreateOrderAsync(OrderTestBed.NewOrder("mine"));

        await RpcAssert.StatusAsync(StatusCode.NotFound, () => bed.Marketplace.GetOrderAsync(new GetOrderRequest { OrderId = order.OrderId }).ResponseAsync);
        await RpcAssert.StatusAsync(StatusCode.NotFound, () =>
            bed.Marketplace.CancelOrderAsync(new CancelOrderRequest { OrderId = order.OrderId, Reason = "not mine" }).ResponseAsync);
        var unknown = await RpcAssert.StatusAsync(StatusCode.NotFound, () => bed.Marketplace.GetOrderAsync(new GetOrderRequest { OrderId = "O-nope" }).ResponseAsync);

        Assert.DoesNotContain(order.OrderId, unknown.Status.Detail, StringComparison.Ordinal);
        Assert.Empty((await bed.Marketplace.ListOrdersAsync(new ListOrdersRequest())).Orders);
        Assert.Equal(OrderStatus.InFulfilment, (await bed.Agent.GetOrderAsync(new GetOrderRequest { OrderId = order.OrderId })).Status);
        Assert.Equal(2, (await bed.StockAsync(OrderTestBed.Tent, "ST-BERLIN")).Reserved);
    }

    [Fact]
    public async Task ReleaseAndCommitReservation_AnOrdersHold_IsFailedPreconditionAndTheStockStaysHeld()
    {
        await using var bed = await OrderTestBed.StartAsync(redis);
        var order = await bed.Web.CreateOrderAsync(OrderTestBed.NewOrder("hold-owner"));
        var reservationId = order.FulfilmentOrders.SelectMany(f => f.Lines).First(l => l.LineId == "T").ReservationId;
        var inventory = new InventoryService.InventoryServiceClient(bed.Host.ChannelFor(TestTokens.For("web-shop", ["channel"], channels: ["web"])));

        var release = await RpcAssert.StatusAsync(StatusCode.FailedPrecondition, () =>
            inventory.ReleaseReservationAsync(new ReservationRequest { ReservationId = reservationId }).ResponseAsync);
        await RpcAssert.StatusAsync(StatusCode.FailedPrecondition, () =>
            inventory.CommitReservationAsync(new ReservationRequest { ReservationId = reservationId }).ResponseAsync);

        Assert.Contains("OrderService", release.Status.Detail, StringComparison.Ordinal);
        var stock = await bed.StockAsync(OrderTestBed.Tent, "ST-BERLIN");
        Assert.Equal((10, 2), (stock.OnHand, stock.Reserved));
    }

    [Fact]
    public async Task AcceptFulfilmentOrder_StoreStaff_SeeTheShippingAddressButNotTheCustomersContactOrPayment()
    {
        await using var bed = await OrderTestBed.StartAsync(redis);
        var order = await bed.Web.CreateOrderAsync(OrderTestBed.NewOrder("staff-view"));
        var fulfilment = Assert.Single(order.FulfilmentOrders);

        var staffView = await bed.BerlinStore.AcceptFulfilmentOrderAsync(new FulfilmentOrderRequest { OrderId = order.OrderId, FulfilmentOrderId = fulfilment.FulfilmentOrderId });
        var agentView = await bed.Agent.GetOrderAsync(new GetOrderRequest { OrderId = order.OrderId });

        Assert.Equal(("Unter den Linden 1", "", "", ""), (staffView.ShippingAddress.Street, staffView.Customer.Email, staffView.Customer.Phone, staffView.Payment.Reference));
        Assert.Null(staffView.BillingAddress);
        Assert.Equal(("kim@example.org", "psp-staff-view"), (agentView.Customer.Email, agentView.Payment.Reference));
        Assert.Equal("Unter den Linden 1", agentView.BillingAddress.Street);
    }

    [Fact]
    public async Task AcceptFulfilmentOrder_StaffOfAnotherLocation_IsNotFoundAndChangesNothing()
    {
        await using var bed = await OrderTestBed.StartAsync(redis);
        var order = await bed.Web.CreateOrderAsync(OrderTestBed.NewOrder("other-store"));
        var fulfilment = Assert.Single(order.FulfilmentOrders);
        Assert.Equal("ST-BERLIN", fulfilment.LocationId);

        await RpcAssert.StatusAsync(StatusCode.NotFound, () =>
            bed.PotsdamStore.AcceptFulfilmentOrderAsync(new FulfilmentOrderRequest { OrderId = order.OrderId, FulfilmentOrderId = fulfilment.FulfilmentOrderId }).ResponseAsync);

        var after = await bed.Web.GetOrderAsync(new GetOrderRequest { OrderId = order.OrderId });
        Assert.Equal(FulfilmentStatus.Created, after.FulfilmentOrders.Single().Status);
        Assert.Equal(order.Version, after.Version);
    }

    [Fact]
    public async Task CancelOrder_BeforeShipment_ReleasesTheReservedStock()
    {
        await using var bed = await OrderTestBed.StartAsync(redis);
        var order = await bed.Web.CreateOrderAsync(OrderTestBed.NewOrder("cancel-1"));
        Assert.Equal(2, (await bed.StockAsync(OrderTestBed.Tent, "ST-BERLIN")).Reserved);

        var cancelled = await bed.Web.CancelOrderAsync(new CancelOrderRequest { OrderId = order.OrderId, Reason = "customer changed their mind" });

        Assert.Equal(OrderStatus.Cancelled, cancelled.Status);
        Assert.Equal(2, OrderTestBed.UnitsIn(OrderTestBed.Line(cancelled, "T"), LineState.Cancelled));
        Assert.Equal(0, (await bed.StockAsync(OrderTestBed.Tent, "ST-BERLIN")).Reserved);
        Assert.Equal(0, (await bed.StockAsync(OrderTestBed.Stove, "ST-BERLIN")).Reserved);
        Assert.Equal(10, (await bed.StockAsync(OrderTestBed.Tent, "ST-BERLIN")).Available);
        Assert.Equal("order.cancelled", cancelled.History[^1].Type);
    }

    [Fact]
    public async Task CancelOrder_AfterShipment_IsFailedPreconditionAndKeepsTheShipment()
    {
        await using var bed = await OrderTestBed.StartAsync(redis);
        var order = await bed.Web.CreateOrderAsync(OrderTestBed.NewOrder("cancel-2"));
        var fulfilment = order.FulfilmentOrders.Single();
        await bed.BerlinStore.ConfirmShipmentAsync(new ConfirmShipmentRequest
        {
            OrderId = order.OrderId, FulfilmentOrderId = fulfilment.FulfilmentOrderId, Carrier = "DHL", TrackingNumber = "T-1",
            Lines = { new LineQuantity { LineId = "T", Quantity = 2 }, new LineQuantity { LineId = "S", Quantity = 1 } },
        });

        var refused = await RpcAssert.StatusAsync(StatusCode.FailedPrecondition, () =>
            bed.Web.CancelOrderAsync(new CancelOrderRequest { OrderId = order.OrderId, Reason = "too late" }).ResponseAsync);

        Assert.Equal("NOT_CANCELLABLE", refused.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason);
        Assert.Contains("shipped", refused.Status.Detail, StringComparison.Ordinal);
        var after = await bed.Web.GetOrderAsync(new GetOrderRequest { OrderId = order.OrderId });
        Assert.Equal(OrderStatus.Shipped, after.Status);
        Assert.Equal(8, (await bed.StockAsync(OrderTestBed.Tent, "ST-BERLIN")).OnHand);
    }

    [Fact]
    public async Task ReleaseHoldAndCancel_SameExpectedVersionAtOnce_OneSucceedsTheOtherIsAborted()
    {
        await using var bed = await OrderTestBed.StartAsync(redis);
        for (var round = 0; round < 5; round++)
        {
            var held = await bed.Web.CreateOrderAsync(OrderTestBed.NewOrder("race-" + round, fraudScore: 95));
            Assert.Equal(OrderStatus.OnHold, held.Status);

            var release = bed.Agent.ReleaseHoldAsync(new ReleaseHoldRequest { OrderId = held.OrderId, HoldCode = "FRAUD_REVIEW", Reason = "ok", ExpectedVersion = held.Version }).ResponseAsync;
            var cancel = bed.Agent.CancelOrderAsync(new CancelOrderRequest { OrderId = held.OrderId, Reason = "fraud", ExpectedVersion = held.Version }).ResponseAsync;
            var outcomes = await Task.WhenAll(Outcome(release), Outcome(cancel));

            Assert.Equal([StatusCode.OK, StatusCode.Aborted], outcomes.Order());
            var order = await bed.Web.GetOrderAsync(new GetOrderRequest { OrderId = held.OrderId });
            var expectedStatus = outcomes[0] == StatusCode.OK ? OrderStatus.InFulfilment : OrderStatus.Cancelled;
            Assert.Equal(expectedStatus, order.Status);
        }
    }

    [Fact]
    public async Task MarkFulfilmentOrderPacked_BeforeAccepting_IsFailedPreconditionNamingTheState()
    {
        await using var bed = await OrderTestBed.StartAsync(redis);
        var order = await bed.Web.CreateOrderAsync(OrderTestBed.NewOrder("pack-early"));
        var fulfilment = order.FulfilmentOrders.Single();

        var refused = await RpcAssert.StatusAsync(StatusCode.FailedPrecondition, () =>
            bed.BerlinStore.MarkFulfilmentOrderPackedAsync(new FulfilmentOrderRequest { OrderId = order.OrderId, FulfilmentOrderId = fulfilment.FulfilmentOrderId }).ResponseAsync);

        Assert.Equal("FULFILMENT_NOT_ACCEPTED", refused.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason);
        Assert.Contains("Created", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(2, OrderTestBed.UnitsIn(OrderTestBed.Line(await bed.Web.GetOrderAsync(new GetOrderRequest { OrderId = order.OrderId }), "T"), LineState.Allocated));
    }

    [Fact]
    public async Task ReevaluateOrder_RuleStillRaisesTheHold_StaysHeldAndHoldsNoStock()
    {
        await using var bed = await OrderTestBed.StartAsync(redis);
        var held = await bed.Web.CreateOrderAsync(OrderTestBed.NewOrder("reevaluate", fraudScore: 85));

        var again = await bed.Agent.ReevaluateOrderAsync(new ReevaluateOrderRequest { OrderId = held.OrderId, ExpectedVersion = held.Version });

        Assert.Equal(OrderStatus.OnHold, again.Status);
        Assert.Equal("FRAUD_REVIEW", Assert.Single(again.Holds, h => h.Active).Code);
        Assert.Empty(again.FulfilmentOrders);
        Assert.Equal(0, (await bed.StockAsync(OrderTestBed.Tent, "ST-BERLIN")).Reserved);
    }

    [Fact]
    public async Task RecordDeliveryEvent_BadFields_AreInvalidArgumentNamingEachField()
    {
        await using var bed = await OrderTestBed.StartAsync(redis);

        var request = new RecordDeliveryEventRequest { OrderId = "O-1", ShipmentId = "", OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) };
        await RpcAssert.InvalidArgumentAsync("shipment_id", () => bed.Admin.RecordDeliveryEventAsync(request).ResponseAsync);
        await RpcAssert.InvalidArgumentAsync("outcome", () => bed.Admin.RecordDeliveryEventAsync(request).ResponseAsync);
        request.OccurredAt = null;
        await RpcAssert.InvalidArgumentAsync("occurred_at", () => bed.Admin.RecordDeliveryEventAsync(request).ResponseAsync);
    }

    private static async Task<StatusCode> Outcome(Task call)
    {
        try
        {
            await call;
            return StatusCode.OK;
        }
        catch (RpcException exception)
        {
            return exception.StatusCode;
        }
    }
}

using Grpc.Core;
using Google.Rpc;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Billing;

/// <summary>
/// Card and prepayment orders through the real host: the payment integration learns of captures from the billing
/// feed and reports the provider's answers; a failed capture stops the rest of the order until finance (and only
/// finance) releases it; a prepayment order waits until the money is recorded.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class CaptureStoryTests(RedisFixture redis)
{
    [Fact]
    public async Task RecordPaymentResult_CaptureFailed_OrderHeldAgentRefusedFinanceReleases()
    {
        await using var bed = await BillingTestBed.StartAsync(redis);
        var order = await bed.Orders.Web.CreateOrderAsync(BillingTestBed.NewOrder("cap-1", "card"));
        var fulfilment = Assert.Single(order.FulfilmentOrders);
        await bed.Orders.BerlinStore.AcceptFulfilmentOrderAsync(new FulfilmentOrderRequest { OrderId = order.OrderId, FulfilmentOrderId = fulfilment.FulfilmentOrderId });
        await bed.Orders.BerlinStore.ConfirmShipmentAsync(new ConfirmShipmentRequest
        {
            OrderId = order.OrderId, FulfilmentOrderId = fulfilment.FulfilmentOrderId, Carrier = "DHL", TrackingNumber = "JJD-1",
            Lines = { new LineQuantity { LineId = "T", Quantity = 2 } },
        });

        using var watch = bed.Payments.WatchBillingEvents(new WatchBillingEventsRequest { AfterPosition = 0, EventTypes = { "payment.capture_requested" } },
            deadline: DateTime.UtcNow.AddSeconds(20));
        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None));
        var capture = watch.ResponseStream.Current;
        Assert.Equal((order.OrderId, "cust-1", 2 * 12999L + 495, "EUR"), (capture.OrderId, capture.CustomerId, capture.AmountMinor, capture.Currency));
        Assert.Contains("auth-cap-1", capture.Detail, StringComparison.Ordinal);

        var failed = await bed.Payments.RecordPaymentResultAsync(new RecordPaymentResultRequest
        {
            RequestId = "psp-1", Invoice = capture.DocumentId, Result = PaymentResult.Failed, AmountMinor = capture.AmountMinor, Currency = "EUR", Detail = "card declined",
        });
        var repeat = await bed.Payments.RecordPaymentResultAsync(new RecordPaymentResultRequest
        {
            RequestId = "psp-1", Invoice = capture.DocumentId, Result = PaymentResult.Failed, AmountMinor = capture.AmountMinor, Currency = "EUR", Detail = "card declined",
        });

        Assert.True(failed.OrderHeld);
        Assert.True(repeat.Repeat);
        var held = await bed.Finance.GetOrderAsync(new GetOrderRequest { OrderId = order.OrderId });
        Assert.Equal(OrderStatus.OnHold, held.Status);
        Assert.Contains(held.Holds, h => h.Active && h.Code == "PAYMENT_FAILED");
        var shipBlocked = await RpcAssert.StatusAsync(StatusCode.FailedPrecondition, () => bed.Orders.BerlinStore.ConfirmShipmentAsync(new ConfirmShipmentRequest
        {
            OrderId = order.OrderId, FulfilmentOrderId = fulfilment.FulfilmentOrderId, Carrier = "DHL", TrackingNumber = "JJD-2",
            Lines = { new LineQuantity { LineId = "S", Quantity = 1 } },
        }).ResponseAsync);
        Assert.Equal("ORDER_ON_PAYMENT_HOLD", shipBlocked.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason);

        var release = new ReleaseHoldRequest { OrderId = order.OrderId, HoldCode = "PAYMENT_FAILED", Reason = "customer paid by transfer" };
        await RpcAssert.StatusAsync(StatusCode.PermissionDenied, () => bed.Orders.Agent.ReleaseHoldAsync(release).ResponseAsync);
        Assert.Contains((await bed.Finance.GetOrderAsync(new GetOrderRequest { OrderId = order.OrderId })).Holds, h => h.Active && h.Code == "PAYMENT_FAILED");
        var released = await bed.Finance.ReleaseHoldAsync(release);

        Assert.DoesNotContain(released.Holds, h => h.Active);
        Assert.Equal("clerk-fiona", released.Holds.Single(h => h.Code == "PAYMENT_FAILED").ReleasedBy);
    }

    [Fact]
    public async Task RecordPayment_PrepaymentCoversTheOrder_HoldReleasedAndOrderSourced()
    {
        await using var bed = await BillingTestBed.StartAsync(redis, inMemory: true);
        var order = await bed.Orders.Web.CreateOrderAsync(BillingTestBed.NewOrder("pre-1", "prepayment"));
        Assert.Equal(OrderStatus.OnHold, order.Status);
        Assert.Contains(order.Holds, h => h.Active && h.Code == "AWAITING_PREPAYMENT");

        var part = await bed.FinanceBilling.RecordPaymentAsync(new RecordPaymentRequest
        {
            Reference = "pre-transfer-1", OrderId = order.OrderId, AmountMinor = 10_000, Currency = "EUR", ReceivedOn = Today(), PayerName = "Kim Meyer",
        });
        Assert.Equal(PaymentMatch.Overpaid, part.Match);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Contains((await bed.Finance.GetOrderAsync(new GetOrderRequest { OrderId = order.OrderId })).Holds, h => h.Active && h.Code == "AWAITING_PREPAYMENT");

        await bed.FinanceBilling.RecordPaymentAsync(new RecordPaymentRequest
        {
            Reference = "pre-transfer-2", OrderId = order.OrderId, AmountMinor = BillingTestBed.OrderTotalMinor - 10_000, Currency = "EUR", ReceivedOn = Today(), PayerName = "Kim Meyer",
        });

        // The billing feed's follower releases the hold moments after the payment is saved; sourcing follows the release.
        Order? now = null;
        for (var i = 0; i < 100; i++)
        {
            now = await bed.Finance.GetOrderAsync(new GetOrderRequest { OrderId = order.OrderId });
            if (now.Status is not (OrderStatus.OnHold or OrderStatus.Open))
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.Equal(OrderStatus.InFulfilment, now!.Status);
        Assert.Equal("billing", now.Holds.Single(h => h.Code == "AWAITING_PREPAYMENT").ReleasedBy);
    }

    private static string Today() => DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

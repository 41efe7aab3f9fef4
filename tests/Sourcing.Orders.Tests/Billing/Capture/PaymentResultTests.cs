using Microsoft.Extensions.Logging.Abstractions;
using Sourcing.Orders.Billing;
using Sourcing.Orders.Billing.Capture;
using Sourcing.Orders.Billing.Invoicing;
using Sourcing.Orders.Tests.Billing.Invoicing;
using Sourcing.Orders.Tests.Lifecycle;
using static Sourcing.Orders.Tests.Billing.Invoicing.BillingWorld;

namespace Sourcing.Orders.Tests.Billing.Capture;

public sealed class PaymentResultTests
{
    private static PaymentResultCommand Result(string requestId, BillingDocument invoice, PaymentResult result, long amountMinor, string providerReference = "") =>
        new(requestId, invoice.Id, result, amountMinor, "EUR", providerReference, "psp says so");

    /// <summary>A card order of two lines at two locations; the first is shipped and invoiced (10.00), the second waits at LOC-L2.</summary>
    private static async Task<(BillingWorld World, Order Order, BillingDocument Invoice)> HalfShippedCardOrderAsync()
    {
        var world = new BillingWorld();
        var order = await world.OrderAsync(PaymentMethods.Card, 0, ("L1", "SKU-1", 1), ("L2", "SKU-2", 1));
        await world.ShipAsync(order.Id, "LOC-L1");
        var invoice = Assert.Single(await world.Invoicing.IssueForOrderAsync(order.Id, None));
        return (world, order, invoice);
    }

    [Fact]
    public async Task RecordPaymentResultAsync_CapturedInFull_CapturePaymentSettlesTheInvoice()
    {
        var (world, order, invoice) = await HalfShippedCardOrderAsync();

        var recorded = await world.Results.RecordPaymentResultAsync(Result("R-1", invoice, PaymentResult.Captured, 1000, "psp-1"), "psp", None);

        Assert.Equal((1000L, false), (recorded.AllocatedMinor, recorded.Repeat));
        Assert.Null(await world.ItemAsync(invoice.Id));
        var payment = Assert.Single(await world.Billing.ListPaymentsAsync("C-1", 10, None));
        Assert.Equal((PaymentSource.Capture, "capture:psp-1", order.Id, 1000L, 0L), (payment.Source, payment.ExternalReference, payment.OrderId, payment.AmountMinor, payment.UnallocatedMinor));
        Assert.Single(await world.EventsAsync(BillingEventTypes.Captured));
        await world.AssertLedgerBalancesAsync();
    }

    [Fact]
    public async Task RecordPaymentResultAsync_CapturedMoreThanOpen_RestStaysOnTheAccountAsCredit()
    {
        var (world, _, invoice) = await HalfShippedCardOrderAsync();

        var recorded = await world.Results.RecordPaymentResultAsync(Result("R-1", invoice, PaymentResult.Captured, 1500), "psp", None);

        Assert.Equal(1000, recorded.AllocatedMinor);
        var account = (await world.Billing.GetAccountAsync("C-1", None))!;
        Assert.Equal(("capture:R-1", 500L), (Assert.Single(account.Payments).ExternalReference, account.Payments[0].UnallocatedMinor));
        await world.AssertLedgerBalancesAsync();
    }

    [Fact]
    public async Task RecordPaymentResultAsync_SameCaptureTwice_OnePaymentAndARepeatAnswer()
    {
        var (world, _, invoice) = await HalfShippedCardOrderAsync();
        var first = await world.Results.RecordPaymentResultAsync(Result("R-1", invoice, PaymentResult.Captured, 600, "psp-1"), "psp", None);

        var again = await world.Results.RecordPaymentResultAsync(Result("R-1", invoice, PaymentResult.Captured, 600, "psp-1"), "psp", None);

        Assert.Equal((first.PaymentId, true, 600L), (again.PaymentId, again.Repeat, again.AllocatedMinor));
        Assert.Single(await world.Billing.ListPaymentsAsync("C-1", 10, None));
        Assert.Equal(400, (await world.ItemAsync(invoice.Id))!.OpenMinor);
    }

    [Fact]
    public async Task RecordPaymentResultAsync_CaptureOfAFullyCapturedInvoice_Refused()
    {
        var (world, _, invoice) = await HalfShippedCardOrderAsync();
        await world.Results.RecordPaymentResultAsync(Result("R-1", invoice, PaymentResult.Captured, 1000, "psp-1"), "psp", None);

        var refused = await Assert.ThrowsAsync<BillingStateException>(() => world.Results.RecordPaymentResultAsync(Result("R-2", invoice, PaymentResult.Captured, 1000, "psp-2"), "psp", None));

        Assert.Equal("INVOICE_ALREADY_CAPTURED", refused.Code);
        Assert.Single(await world.Billing.ListPaymentsAsync("C-1", 10, None));
    }

    [Fact]
    public async Task RecordPaymentResultAsync_OtherCurrency_RefusedAndNothingRecorded()
    {
        var (world, _, invoice) = await HalfShippedCardOrderAsync();

        var refused = await Assert.ThrowsAsync<BillingStateException>(() => world.Results.RecordPaymentResultAsync(Result("R-1", invoice, PaymentResult.Captured, 1000) with { Currency = "USD" }, "psp", None));

        Assert.Equal("CURRENCY_MISMATCH", refused.Code);
        Assert.Empty(await world.Billing.ListPaymentsAsync("C-1", 10, None));
    }

    [Fact]
    public async Task RecordPaymentResultAsync_UnknownInvoice_NotFound()
    {
        var (world, _, invoice) = await HalfShippedCardOrderAsync();

        await Assert.ThrowsAsync<BillingNotFoundException>(() => world.Results.RecordPaymentResultAsync(Result("R-1", invoice, PaymentResult.Captured, 1) with { InvoiceId = "inv_missing" }, "psp", None));
    }

    [Fact]
    public async Task RecordPaymentResultAsync_CaptureFailed_OrderHeldAndItsRemainingFulfilmentRefused()
    {
        var (world, order, invoice) = await HalfShippedCardOrderAsync();

        var recorded = await world.Results.RecordPaymentResultAsync(Result("R-1", invoice, PaymentResult.Failed, 1000), "psp", None);

        Assert.True(recorded.OrderHeld);
        var failed = Assert.Single(await world.EventsAsync(BillingEventTypes.CaptureFailed));
        Assert.Equal((invoice.Id, order.Id), (failed.DocumentId, failed.OrderId));
        var held = await world.Orders.GetAsync(order.Id);
        var hold = Assert.Single(held.Document.Holds, h => h.Active);
        Assert.Equal((PaymentHolds.PaymentFailed, PaymentHolds.Category), (hold.Code, hold.Category));
        var refused = await Assert.ThrowsAsync<OrderStateException>(() => world.ShipAsync(order.Id, "LOC-L2"));
        Assert.Equal("ORDER_ON_PAYMENT_HOLD", refused.Code);
        var fulfilment = held.Document.FulfilmentOrders.Single(f => f.LocationId == "LOC-L2").Id;
        Assert.Equal("ORDER_ON_PAYMENT_HOLD", (await Assert.ThrowsAsync<OrderStateException>(() => world.Orders.Lifecycle.AcceptFulfilmentAsync(OrderWorld.As(order.Id), fulfilment, None))).Code);
        Assert.Single(await world.DocumentsAsync());
    }

    [Fact]
    public async Task RecordPaymentResultAsync_SameFailureTwice_OneEventAndOneHold()
    {
        var (world, order, invoice) = await HalfShippedCardOrderAsync();
        await world.Results.RecordPaymentResultAsync(Result("R-1", invoice, PaymentResult.AuthorisationExpired, 1000), "psp", None);

        var again = await world.Results.RecordPaymentResultAsync(Result("R-1", invoice, PaymentResult.AuthorisationExpired, 1000), "psp", None);

        Assert.True(again.Repeat);
        Assert.Single(await world.EventsAsync(BillingEventTypes.AuthorisationExpired));
        Assert.Single((await world.Orders.GetAsync(order.Id)).Document.Holds);
    }

    [Fact]
    public async Task RecordPaymentResultAsync_FailureAfterFinanceReleasedAnEarlierOne_HoldsTheOrderAgain()
    {
        var (world, order, invoice) = await HalfShippedCardOrderAsync();
        await world.Results.RecordPaymentResultAsync(Result("R-1", invoice, PaymentResult.Failed, 1000), "psp", None);
        await world.Orders.Lifecycle.ReleaseHoldAsync(new OrderCommandContext(order.Id, "finance-1", null, MayReleasePaymentHolds: true), PaymentHolds.PaymentFailed, "card updated", None);

        await world.Results.RecordPaymentResultAsync(Result("R-2", invoice, PaymentResult.Failed, 1000), "psp", None);

        var holds = (await world.Orders.GetAsync(order.Id)).Document.Holds;
        Assert.Equal([false, true], holds.Select(h => h.Active));
    }

    [Fact]
    public async Task RecordPaymentResultAsync_RefundAfterACreditNote_MoneyTakenBackOffTheInvoiceAndLedgerBalances()
    {
        var (world, _, invoice) = await HalfShippedCardOrderAsync();
        await world.Results.RecordPaymentResultAsync(Result("R-1", invoice, PaymentResult.Captured, 1000, "psp-1"), "psp", None);
        await world.Invoicing.IssueCreditNoteAsync(new CreditNoteCommand("C-1", invoice.Id, CreditReason.PriceAdjustment, "scratch", null, 300), "finance-1", None);
        Assert.Equal(300, Assert.Single(await world.EventsAsync(BillingEventTypes.RefundRequested)).AmountMinor);

        var refunded = await world.Results.RecordPaymentResultAsync(Result("R-2", invoice, PaymentResult.Refunded, 300, "psp-r1"), "psp", None);

        Assert.Equal(-300, refunded.AllocatedMinor);
        var payments = await world.Billing.ListPaymentsAsync("C-1", 10, None);
        Assert.Contains(payments, p => p.Source == PaymentSource.Refund && p.AmountMinor == -300 && p.UnallocatedMinor == 0);
        var totals = Assert.Single(await world.Billing.GetLedgerTotalsAsync("C-1", None));
        Assert.Equal((1000L, 300L, 700L, 0L), (totals.InvoicedMinor, totals.CreditedMinor, totals.AllocatedMinor, totals.OpenItemsMinor));
        await world.AssertLedgerBalancesAsync();
    }

    [Fact]
    public async Task RecordPaymentResultAsync_OrderStoreDownWhenHolding_FollowerHoldsTheOrderFromTheFeed()
    {
        var world = new BillingWorld();
        var order = await world.OrderAsync(PaymentMethods.Card, 0, ("L1", "SKU-1", 1), ("L2", "SKU-2", 1));
        await world.ShipAsync(order.Id, "LOC-L1");
        var invoice = Assert.Single(await world.Invoicing.IssueForOrderAsync(order.Id, None));
        var failing = new FailingOrderStore(world.Orders.Store) { FailSaves = 1 };
        var lifecycle = new OrderLifecycle(failing, world.Orders.Inventory, world.Orders.Clock, NoOrderFaults.Instance, NullLogger<OrderLifecycle>.Instance);
        var results = new PaymentResultService(world.Billing, lifecycle, world.Options, world.Orders.Clock, NullLogger<PaymentResultService>.Instance);

        var recorded = await results.RecordPaymentResultAsync(Result("R-1", invoice, PaymentResult.Failed, 1000), "psp", None);

        Assert.False(recorded.OrderHeld);
        Assert.False((await world.Orders.GetAsync(order.Id)).IsOnHold);
        Assert.Equal(1, await world.HoldFollower().RunOnceAsync(None));
        Assert.Equal(PaymentHolds.PaymentFailed, Assert.Single((await world.Orders.GetAsync(order.Id)).Document.Holds, h => h.Active).Code);
    }

    [Fact]
    public async Task PaymentHoldFollower_ReplayedAfterFinanceReleased_DoesNotHoldAgain()
    {
        var (world, order, invoice) = await HalfShippedCardOrderAsync();
        await world.Results.RecordPaymentResultAsync(Result("R-1", invoice, PaymentResult.Failed, 1000), "psp", None);
        await world.Orders.Lifecycle.ReleaseHoldAsync(new OrderCommandContext(order.Id, "finance-1", null, MayReleasePaymentHolds: true), PaymentHolds.PaymentFailed, "card updated", None);
        var crashing = new CrashingBillingStore(world.Billing) { CrashBeforeCheckpoints = 1 };
        world.Billing = crashing;

        await Assert.ThrowsAsync<SimulatedCrashException>(() => world.HoldFollower().RunOnceAsync(None));
        await world.HoldFollower().RunOnceAsync(None);

        var stored = await world.Orders.GetAsync(order.Id);
        Assert.False(stored.IsOnHold);
        Assert.Single(stored.Document.Holds);
        Assert.True(await world.Billing.GetCheckpointAsync(PaymentHoldFollower.CheckpointName, None) > 0);
    }
}

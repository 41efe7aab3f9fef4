using Sourcing.Orders.Billing;
using Sourcing.Orders.Billing.Invoicing;
using static Sourcing.Orders.Tests.Billing.Invoicing.BillingWorld;

namespace Sourcing.Orders.Tests.Billing.Invoicing;

public sealed class StoreCreditTests
{
    private static CreditNoteCommand Returned(string requestId, string invoiceId, int units, CreditRefundTo? refundTo) =>
        new(requestId, invoiceId, CreditReason.Return, "Return RMA-1", [new CreditLine(1, units)], null, RefundTo: refundTo);

    private static async Task<IReadOnlyList<Payment>> PaymentsAsync(BillingWorld world) =>
        await world.Billing.ListPaymentsAsync("C-1", 100, None);

    [Fact]
    public async Task IssueCreditNoteAsync_StoreCreditOfACapturedInvoice_CreditBalanceAndNoRefundRequest()
    {
        var world = new BillingWorld();
        var invoice = await world.InvoicedAsync(PaymentMethods.Card, quantity: 3);
        await world.CapturedAsync(invoice, 3000);

        await world.Invoicing.IssueCreditNoteAsync(Returned("R-1", invoice.Id, 2, CreditRefundTo.StoreCredit), "agent-1", None);

        Assert.Empty(await world.EventsAsync(BillingEventTypes.RefundRequested));
        var granted = Assert.Single(await world.EventsAsync(BillingEventTypes.StoreCreditGranted));
        Assert.Equal(2000, granted.AmountMinor);
        var item = await world.Billing.GetAccountAsync("C-1", None) is { } account ? account.Items.SingleOrDefault(i => i.InvoiceId == invoice.Id) : null;
        Assert.Null(item); // settled: paid 1000 of the 1000 still owed
        Assert.Equal(2000, Assert.Single(await PaymentsAsync(world)).UnallocatedMinor);
        await world.AssertLedgerBalancesAsync();
        var totals = Assert.Single(await world.Billing.GetLedgerTotalsAsync("C-1", None));
        Assert.Equal((3000L, 2000L, 1000L, 0L, 2000L), (totals.InvoicedMinor, totals.CreditedMinor, totals.AllocatedMinor, totals.OpenItemsMinor, totals.UnallocatedMinor));
    }

    [Fact]
    public async Task IssueCreditNoteAsync_OriginalPaymentByDefault_RefundRequestedAndNoCredit()
    {
        var world = new BillingWorld();
        var invoice = await world.InvoicedAsync(PaymentMethods.Card, quantity: 3);
        await world.CapturedAsync(invoice, 3000);

        await world.Invoicing.IssueCreditNoteAsync(Returned("R-1", invoice.Id, 2, refundTo: null), "agent-1", None);

        Assert.Equal(2000, Assert.Single(await world.EventsAsync(BillingEventTypes.RefundRequested)).AmountMinor);
        Assert.Empty(await world.EventsAsync(BillingEventTypes.StoreCreditGranted));
        Assert.Equal(0, Assert.Single(await PaymentsAsync(world)).UnallocatedMinor);
    }

    [Fact]
    public async Task IssueCreditNoteAsync_StoreCreditOfAPartlyPaidInvoice_OnlyWhatWasPaidBeyondTheNewTotalBecomesCredit()
    {
        var world = new BillingWorld();
        var invoice = await world.InvoicedAsync(PaymentMethods.Invoice, quantity: 3);
        await world.CapturedAsync(invoice, 1500);

        await world.Invoicing.IssueCreditNoteAsync(Returned("R-1", invoice.Id, 2, CreditRefundTo.StoreCredit), "agent-1", None);

        Assert.Equal(500, Assert.Single(await world.EventsAsync(BillingEventTypes.StoreCreditGranted)).AmountMinor);
        Assert.Equal(500, Assert.Single(await PaymentsAsync(world)).UnallocatedMinor);
        await world.AssertLedgerBalancesAsync();
    }

    [Fact]
    public async Task IssueCreditNoteAsync_StoreCreditOfAnUnpaidInvoice_NothingGranted()
    {
        var world = new BillingWorld();
        var invoice = await world.InvoicedAsync(PaymentMethods.Invoice, quantity: 3);

        await world.Invoicing.IssueCreditNoteAsync(Returned("R-1", invoice.Id, 2, CreditRefundTo.StoreCredit), "agent-1", None);

        Assert.Empty(await world.EventsAsync(BillingEventTypes.StoreCreditGranted));
        Assert.Equal(1000, (await world.ItemAsync(invoice.Id))!.OpenMinor);
    }

    [Fact]
    public async Task IssueCreditNoteAsync_StoreCreditOfTwoPayments_LatestPaymentGetsTheMoneyBackFirst()
    {
        var world = new BillingWorld();
        var invoice = await world.InvoicedAsync(PaymentMethods.Invoice, quantity: 3);
        await world.CapturedAsync(invoice, 1000);
        world.Orders.Clock.Advance(TimeSpan.FromHours(1));
        await world.CapturedAsync(invoice, 2000);

        await world.Invoicing.IssueCreditNoteAsync(Returned("R-1", invoice.Id, 1, CreditRefundTo.StoreCredit), "agent-1", None);

        var payments = await PaymentsAsync(world);
        Assert.Equal([(2000L, 1000L), (1000L, 0L)], payments.OrderByDescending(p => p.AmountMinor).Select(p => (p.AmountMinor, p.UnallocatedMinor)));
        await world.AssertLedgerBalancesAsync();
    }
}

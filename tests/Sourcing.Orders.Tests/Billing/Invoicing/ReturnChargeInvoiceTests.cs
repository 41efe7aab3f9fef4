using Sourcing.Orders.Billing;
using Sourcing.Orders.Billing.Invoicing;
using static Sourcing.Orders.Tests.Billing.Invoicing.BillingWorld;

namespace Sourcing.Orders.Tests.Billing.Invoicing;

public sealed class ReturnChargeInvoiceTests
{
    private static ReturnChargeCommand Charge(string orderId, int units) =>
        new("rma_1", orderId, [new ReturnChargeLine("L1", "SKU-1", "SKU-1", units, 1000, 1900)]);

    [Fact]
    public async Task IssueReturnChargeAsync_CardOrder_OpenReInvoiceOnAccountToTheOriginalCustomer()
    {
        var world = new BillingWorld();
        var goods = await world.InvoicedAsync(PaymentMethods.Card, quantity: 3);

        var charge = await world.Invoicing.IssueReturnChargeAsync(Charge(goods.OrderId, 2), None);

        Assert.Equal(("RE-2026-000002", InvoicePurpose.ReturnCharge, BillingDocumentKind.Invoice), (charge.Number, charge.Purpose, charge.Kind));
        Assert.Equal(("C-1", goods.OrderId, PaymentMethods.Invoice, "return-charge:rma_1"), (charge.CustomerId, charge.OrderId, charge.PaymentMethod, charge.SourceKey));
        Assert.Equal(2000, charge.GrossTotalMinor);
        Assert.Equal(charge.DocumentDate.AddDays(world.Options.Terms.NetDays), charge.DueDate);
        var item = (await world.ItemAsync(charge.Id))!;
        Assert.Equal((2000L, InvoicePurpose.ReturnCharge), (item.OpenMinor, item.Purpose));
        // The card authorisation was spent on the goods: the charge is paid on account, never captured.
        Assert.Single(await world.EventsAsync(BillingEventTypes.CaptureRequested));
        await world.AssertLedgerBalancesAsync();
    }

    [Fact]
    public async Task IssueReturnChargeAsync_Repeat_SameInvoice()
    {
        var world = new BillingWorld();
        var goods = await world.InvoicedAsync(PaymentMethods.Invoice, quantity: 3);
        var first = await world.Invoicing.IssueReturnChargeAsync(Charge(goods.OrderId, 2), None);

        var again = await world.Invoicing.IssueReturnChargeAsync(Charge(goods.OrderId, 2), None);

        Assert.Equal(first.Id, again.Id);
        Assert.Equal(2, (await world.DocumentsAsync()).Count);
        Assert.Equal(2, (await world.EventsAsync(BillingEventTypes.InvoiceIssued)).Count);
    }

    [Fact]
    public async Task IssueReturnChargeAsync_NoLines_InvalidLines()
    {
        var world = new BillingWorld();
        var goods = await world.InvoicedAsync(PaymentMethods.Invoice, quantity: 3);

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => world.Invoicing.IssueReturnChargeAsync(new ReturnChargeCommand("rma_1", goods.OrderId, []), None));

        Assert.Equal("lines", refused.ParamName);
        Assert.Single(await world.DocumentsAsync());
    }
}

using Sourcing.Orders.Billing;
using Sourcing.Orders.Billing.Invoicing;
using static Sourcing.Orders.Tests.Billing.Invoicing.BillingWorld;

namespace Sourcing.Orders.Tests.Billing.Invoicing;

public sealed class InvoicingServiceTests
{
    [Fact]
    public async Task IssueForOrderAsync_CardOrderShippedTwice_OneInvoicePerShipmentEachWithACaptureRequest()
    {
        var world = new BillingWorld();
        var order = await world.OrderAsync(PaymentMethods.Card, 495, ("L1", "SKU-1", 1), ("L2", "SKU-2", 2));
        var first = await world.ShipAsync(order.Id, "LOC-L1");
        await world.Invoicing.IssueForOrderAsync(order.Id, None);
        var second = await world.ShipAsync(order.Id, "LOC-L2");

        var invoices = await world.Invoicing.IssueForOrderAsync(order.Id, None);

        Assert.Equal([("shipment:" + first.Id, "RE-2026-000001", 1000L + 495), ("shipment:" + second.Id, "RE-2026-000002", 2000L)],
            invoices.Select(i => (i.SourceKey, i.Number, i.GrossTotalMinor)));
        var captures = await world.EventsAsync(BillingEventTypes.CaptureRequested);
        Assert.Equal(invoices.Select(i => (i.Id, i.GrossTotalMinor, "", "authorisation:AUTH-r-1")), captures.Select(c => (c.DocumentId, c.AmountMinor, c.PaymentId, c.Detail)));
        var account = await world.Billing.GetAccountAsync("C-1", None);
        Assert.Equal([1495L, 2000L], account!.Items.OrderBy(i => i.Number).Select(i => i.OpenMinor));
        await world.AssertLedgerBalancesAsync();
    }

    [Fact]
    public async Task IssueForOrderAsync_PurchaseOnInvoice_InvoiceIssuedWithoutCaptureRequest()
    {
        var world = new BillingWorld();
        var order = await world.OrderAsync(PaymentMethods.Invoice, 0, ("L1", "SKU-1", 2));
        await world.ShipAsync(order.Id, "LOC-L1");

        var invoice = Assert.Single(await world.Invoicing.IssueForOrderAsync(order.Id, None));

        Assert.Empty(await world.EventsAsync(BillingEventTypes.CaptureRequested));
        var issued = Assert.Single(await world.EventsAsync(BillingEventTypes.InvoiceIssued));
        Assert.Equal((invoice.Id, order.Id, 2000L), (issued.DocumentId, issued.OrderId, issued.AmountMinor));
        Assert.Equal(new DateOnly(2026, 3, 15), Assert.Single((await world.Billing.GetAccountAsync("C-1", None))!.Items).DueDate);
    }

    [Fact]
    public async Task IssueForOrderAsync_SepaDirectDebit_CaptureRequestCarriesTheMandate()
    {
        var world = new BillingWorld();
        var order = await world.OrderAsync(PaymentMethods.SepaDirectDebit, 0, ("L1", "SKU-1", 1));
        await world.ShipAsync(order.Id, "LOC-L1");

        await world.Invoicing.IssueForOrderAsync(order.Id, None);

        Assert.Equal("mandate:MANDATE-r-1", Assert.Single(await world.EventsAsync(BillingEventTypes.CaptureRequested)).Detail);
    }

    [Fact]
    public async Task IssueForOrderAsync_CalledAgain_NothingNewIssued()
    {
        var world = new BillingWorld();
        var order = await world.OrderAsync(PaymentMethods.Card, 0, ("L1", "SKU-1", 1));
        await world.ShipAsync(order.Id, "LOC-L1");
        var first = await world.Invoicing.IssueForOrderAsync(order.Id, None);

        var again = await world.Invoicing.IssueForOrderAsync(order.Id, None);

        Assert.Equal(first.Select(i => (i.Id, i.Number)), again.Select(i => (i.Id, i.Number)));
        Assert.Single(await world.DocumentsAsync());
        Assert.Single(await world.EventsAsync(BillingEventTypes.CaptureRequested));
    }

    [Fact]
    public async Task IssueForOrderAsync_EightConcurrentCallers_OneInvoicePerShipmentWithGaplessNumbers()
    {
        var world = new BillingWorld();
        var order = await world.OrderAsync(PaymentMethods.Card, 0, ("L1", "SKU-1", 1), ("L2", "SKU-2", 1), ("L3", "SKU-3", 1), ("L4", "SKU-4", 1));
        foreach (var line in new[] { "L1", "L2", "L3", "L4" })
        {
            await world.ShipAsync(order.Id, "LOC-" + line);
        }

        using var start = new ManualResetEventSlim();
        var callers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            return await world.Invoicing.IssueForOrderAsync(order.Id, None);
        })).ToList();
        start.Set();
        var answers = await Task.WhenAll(callers);

        var documents = await world.DocumentsAsync();
        Assert.Equal(4, documents.Count);
        Assert.All(answers, answer => Assert.Equal(documents.OrderBy(d => d.Sequence).Select(d => d.Id), answer.Select(i => i.Id)));
        Assert.Equal([1L, 2, 3, 4], await world.Billing.ListSequencesAsync("RE", 2026, None));
        Assert.Equal(4, (await world.EventsAsync(BillingEventTypes.CaptureRequested)).Count);
        Assert.Equal(4, (await world.EventsAsync(BillingEventTypes.InvoiceIssued)).Count);
        await world.AssertLedgerBalancesAsync();
    }

    [Fact]
    public async Task IssueForOrderAsync_PerOrderMode_WaitsUntilNothingIsLeftToShipThenOneInvoice()
    {
        var world = new BillingWorld();
        world.Options.Invoicing = InvoicingMode.PerOrder;
        var order = await world.OrderAsync(PaymentMethods.Invoice, 495, ("L1", "SKU-1", 1), ("L2", "SKU-2", 2));
        await world.ShipAsync(order.Id, "LOC-L1");

        Assert.Empty(await world.Invoicing.IssueForOrderAsync(order.Id, None));

        await world.ShipAsync(order.Id, "LOC-L2");
        var invoice = Assert.Single(await world.Invoicing.IssueForOrderAsync(order.Id, None));

        Assert.Equal(("order:" + order.Id, 3000L + 495), (invoice.SourceKey, invoice.GrossTotalMinor));
        Assert.Single(await world.DocumentsAsync());
    }

    [Fact]
    public async Task IssueForOrderAsync_PerOrderModeRestCancelled_InvoicesWhatShipped()
    {
        var world = new BillingWorld();
        world.Options.Invoicing = InvoicingMode.PerOrder;
        var order = await world.OrderAsync(PaymentMethods.Invoice, 0, ("L1", "SKU-1", 1), ("L2", "SKU-2", 2));
        await world.ShipAsync(order.Id, "LOC-L1");
        await world.Orders.Lifecycle.CancelAsync(Lifecycle.OrderWorld.As(order.Id), "L2", null, "customer changed mind", None);

        var invoice = Assert.Single(await world.Invoicing.IssueForOrderAsync(order.Id, None));

        Assert.Equal(1000, invoice.GrossTotalMinor);
    }

    [Fact]
    public async Task IssueForOrderAsync_PrepaidOrder_PaymentForTheOrderSettlesTheInvoice()
    {
        var world = new BillingWorld();
        var order = await world.OrderAsync(PaymentMethods.Prepayment, 0, ("L1", "SKU-1", 2));
        await world.Billing.ChangeAccountsAsync(["C-1"], AccountLoad.Default, account =>
        {
            account.AddPayment(new Payment { Id = "pay_1", CustomerId = "C-1", Currency = "EUR", AmountMinor = 2500, UnallocatedMinor = 2500, Source = PaymentSource.Manual, ExternalReference = "bank-1", OrderId = order.Id });
            account.AddPayment(new Payment { Id = "pay_2", CustomerId = "C-1", Currency = "EUR", AmountMinor = 900, UnallocatedMinor = 900, Source = PaymentSource.Manual, ExternalReference = "bank-2", OrderId = "O-other" });
            // What receivables records when a prepayment covers the order.
            account.AddEvent(new BillingEvent(BillingEventTypes.PrepaymentReceived, TestOrders.T0, "C-1", order.Id, "", "pay_1", 2500, "EUR", ""));
            return true;
        }, None);
        Assert.Equal(PaymentHolds.AwaitingPrepayment, Assert.Single(order.Document.Holds).Code);
        await world.HoldFollower().RunOnceAsync(None);
        await world.ShipAsync(order.Id, "LOC-L1");

        var invoice = Assert.Single(await world.Invoicing.IssueForOrderAsync(order.Id, None));

        var account = (await world.Billing.GetAccountAsync("C-1", None))!;
        Assert.Empty(account.Items);
        Assert.Equal([("pay_1", 500L), ("pay_2", 900L)], account.Payments.Select(p => (p.Id, p.UnallocatedMinor)));
        var allocated = Assert.Single(await world.EventsAsync(BillingEventTypes.PaymentAllocated));
        Assert.Equal((invoice.Id, "pay_1", 2000L), (allocated.DocumentId, allocated.PaymentId, allocated.AmountMinor));
        Assert.Empty(await world.EventsAsync(BillingEventTypes.CaptureRequested));
        await world.AssertLedgerBalancesAsync();
    }

    [Fact]
    public async Task IssueForOrderAsync_UnknownOrder_NotFound()
    {
        var world = new BillingWorld();

        await Assert.ThrowsAsync<OrderNotFoundException>(() => world.Invoicing.IssueForOrderAsync("O-missing", None));
    }
}

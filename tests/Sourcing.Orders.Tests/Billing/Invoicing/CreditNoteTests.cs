using Sourcing.Orders.Billing;
using Sourcing.Orders.Billing.Invoicing;
using static Sourcing.Orders.Tests.Billing.Invoicing.BillingWorld;

namespace Sourcing.Orders.Tests.Billing.Invoicing;

public sealed class CreditNoteTests
{
    private static CreditNoteCommand Lines(string requestId, string invoiceId, params CreditLine[] lines) =>
        new(requestId, invoiceId, CreditReason.Return, "returned", lines, null);

    private static CreditNoteCommand Amount(string requestId, string invoiceId, long amountMinor) =>
        new(requestId, invoiceId, CreditReason.PriceAdjustment, "scratched", null, amountMinor);

    [Fact]
    public async Task IssueCreditNoteAsync_TwoUnitsReturned_NumberedCreditNoteLowersTheOpenAmount()
    {
        var world = new BillingWorld();
        var invoice = await world.InvoicedAsync(PaymentMethods.Invoice, quantity: 3);

        var note = await world.Invoicing.IssueCreditNoteAsync(Lines("R-1", invoice.Id, new CreditLine(1, 2)), "finance-1", None);

        Assert.Equal(("GS-2026-000001", invoice.Id, invoice.Number, 2000L), (note.Number, note.CorrectsInvoiceId, note.CorrectsInvoiceNumber, note.GrossTotalMinor));
        Assert.Equal(1000, (await world.ItemAsync(invoice.Id))!.OpenMinor);
        var issued = Assert.Single(await world.EventsAsync(BillingEventTypes.CreditNoteIssued));
        Assert.Equal((note.Id, 2000L), (issued.DocumentId, issued.AmountMinor));
        Assert.Empty(await world.EventsAsync(BillingEventTypes.RefundRequested));
        await world.AssertLedgerBalancesAsync();
    }

    [Fact]
    public async Task IssueCreditNoteAsync_SameRequestTwice_OneCreditNote()
    {
        var world = new BillingWorld();
        var invoice = await world.InvoicedAsync(PaymentMethods.Invoice);

        var first = await world.Invoicing.IssueCreditNoteAsync(Amount("R-1", invoice.Id, 500), "finance-1", None);
        var again = await world.Invoicing.IssueCreditNoteAsync(Amount("R-1", invoice.Id, 500), "finance-1", None);

        Assert.Equal(first.Id, again.Id);
        Assert.Equal(2500, (await world.ItemAsync(invoice.Id))!.OpenMinor);
        Assert.Single(await world.EventsAsync(BillingEventTypes.CreditNoteIssued));
    }

    [Fact]
    public async Task IssueCreditNoteAsync_SameRequestIdDifferentAmount_RequestIdReused()
    {
        var world = new BillingWorld();
        var invoice = await world.InvoicedAsync(PaymentMethods.Invoice);
        await world.Invoicing.IssueCreditNoteAsync(Amount("R-1", invoice.Id, 500), "finance-1", None);

        var refused = await Assert.ThrowsAsync<BillingStateException>(() => world.Invoicing.IssueCreditNoteAsync(Amount("R-1", invoice.Id, 600), "finance-1", None));

        Assert.Equal("REQUEST_ID_REUSED", refused.Code);
        Assert.Equal(2500, (await world.ItemAsync(invoice.Id))!.OpenMinor);
    }

    [Fact]
    public async Task IssueCreditNoteAsync_MoreUnitsThanLeftAfterAnEarlierCredit_CreditExceedsInvoice()
    {
        var world = new BillingWorld();
        var invoice = await world.InvoicedAsync(PaymentMethods.Invoice, quantity: 3);
        await world.Invoicing.IssueCreditNoteAsync(Lines("R-1", invoice.Id, new CreditLine(1, 2)), "finance-1", None);

        var refused = await Assert.ThrowsAsync<BillingStateException>(() => world.Invoicing.IssueCreditNoteAsync(Lines("R-2", invoice.Id, new CreditLine(1, 2)), "finance-1", None));

        Assert.Equal("CREDIT_EXCEEDS_INVOICE", refused.Code);
        Assert.Single(await world.EventsAsync(BillingEventTypes.CreditNoteIssued));
        await world.Invoicing.IssueCreditNoteAsync(Lines("R-3", invoice.Id, new CreditLine(1, 1)), "finance-1", None);
        Assert.Equal(0, (await world.Billing.GetLedgerTotalsAsync("C-1", None)).Single().OpenItemsMinor);
    }

    [Fact]
    public async Task IssueCreditNoteAsync_AmountBeyondGrossMinusEarlierCredits_CreditExceedsInvoice()
    {
        var world = new BillingWorld();
        var invoice = await world.InvoicedAsync(PaymentMethods.Invoice, quantity: 3);
        await world.Invoicing.IssueCreditNoteAsync(Lines("R-1", invoice.Id, new CreditLine(1, 1)), "finance-1", None);

        var beyondLeft = await Assert.ThrowsAsync<BillingStateException>(() => world.Invoicing.IssueCreditNoteAsync(Amount("R-2", invoice.Id, 2001), "finance-1", None));
        var beyondGross = await Assert.ThrowsAsync<BillingStateException>(() => world.Invoicing.IssueCreditNoteAsync(Amount("R-3", invoice.Id, 3001), "finance-1", None));

        Assert.Equal(("CREDIT_EXCEEDS_INVOICE", "CREDIT_EXCEEDS_INVOICE"), (beyondLeft.Code, beyondGross.Code));
        var last = await world.Invoicing.IssueCreditNoteAsync(Amount("R-4", invoice.Id, 2000), "finance-1", None);
        Assert.Equal(2000, last.GrossTotalMinor);
        Assert.Null(await world.ItemAsync(invoice.Id));
        await world.AssertLedgerBalancesAsync();
    }

    [Fact]
    public async Task IssueCreditNoteAsync_EightConcurrentOneUnitCreditsOfAThreeUnitLine_ExactlyThreeIssued()
    {
        var world = new BillingWorld();
        // The shipping charge leaves room in the invoice's total: only the line's unit count stops the fourth credit.
        var invoice = await world.InvoicedAsync(PaymentMethods.Invoice, quantity: 3, shippingMinor: 5000);

        using var start = new ManualResetEventSlim();
        var attempts = Enumerable.Range(1, 8).Select(i => Task.Run(async () =>
        {
            start.Wait();
            try
            {
                await world.Invoicing.IssueCreditNoteAsync(Lines($"R-{i}", invoice.Id, new CreditLine(1, 1)), "finance-1", None);
                return "issued";
            }
            catch (BillingStateException refused)
            {
                return refused.Code;
            }
        })).ToList();
        start.Set();
        var outcomes = await Task.WhenAll(attempts);

        Assert.Equal(3, outcomes.Count(o => o == "issued"));
        Assert.All(outcomes.Where(o => o != "issued"), o => Assert.Equal("CREDIT_EXCEEDS_INVOICE", o));
        Assert.Equal(3, (await world.EventsAsync(BillingEventTypes.CreditNoteIssued)).Count);
        await world.AssertLedgerBalancesAsync();
    }

    [Fact]
    public async Task IssueCreditNoteAsync_UnknownInvoice_NotFound()
    {
        var world = new BillingWorld();

        await Assert.ThrowsAsync<BillingNotFoundException>(() => world.Invoicing.IssueCreditNoteAsync(Amount("R-1", "inv_missing", 1), "finance-1", None));
    }

    [Fact]
    public async Task IssueCreditNoteAsync_OfACreditNote_Refused()
    {
        var world = new BillingWorld();
        var invoice = await world.InvoicedAsync(PaymentMethods.Invoice);
        var note = await world.Invoicing.IssueCreditNoteAsync(Amount("R-1", invoice.Id, 500), "finance-1", None);

        var refused = await Assert.ThrowsAsync<BillingStateException>(() => world.Invoicing.IssueCreditNoteAsync(Amount("R-2", note.Id, 100), "finance-1", None));

        Assert.Equal("NOT_AN_INVOICE", refused.Code);
    }

    [Fact]
    public async Task IssueCreditNoteAsync_LinesAndAmountBoth_Refused()
    {
        var world = new BillingWorld();
        var invoice = await world.InvoicedAsync(PaymentMethods.Invoice);

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => world.Invoicing.IssueCreditNoteAsync(
            new CreditNoteCommand("R-1", invoice.Id, CreditReason.Return, "", [new CreditLine(1, 1)], 100), "finance-1", None));

        Assert.Equal("amount_minor", refused.ParamName);
        Assert.Empty(await world.EventsAsync(BillingEventTypes.CreditNoteIssued));
    }

    [Fact]
    public async Task IssueCreditNoteAsync_CapturedCardInvoice_RefundRequestedForEachCredit()
    {
        var world = new BillingWorld();
        var invoice = await world.InvoicedAsync(PaymentMethods.Card, quantity: 3);
        await world.CapturedAsync(invoice, 3000);

        await world.Invoicing.IssueCreditNoteAsync(Lines("R-1", invoice.Id, new CreditLine(1, 1)), "finance-1", None);
        await world.Invoicing.IssueCreditNoteAsync(Amount("R-2", invoice.Id, 250), "finance-1", None);

        var refunds = await world.EventsAsync(BillingEventTypes.RefundRequested);
        Assert.Equal([(invoice.Id, 1000L), (invoice.Id, 250L)], refunds.Select(r => (r.DocumentId, r.AmountMinor)));
        await world.AssertLedgerBalancesAsync();
    }

    [Fact]
    public async Task IssueCreditNoteAsync_CardInvoicePartlyCaptured_RefundsOnlyWhatWasPaidBeyondWhatIsOwed()
    {
        var world = new BillingWorld();
        var invoice = await world.InvoicedAsync(PaymentMethods.Card, quantity: 3);
        await world.CapturedAsync(invoice, 1500);

        // 3000 invoiced, 1500 paid: crediting 1000 leaves 2000 owed, more than was paid, so nothing goes back yet;
        // crediting 1000 more leaves 1000 owed, 500 less than paid.
        await world.Invoicing.IssueCreditNoteAsync(Lines("R-1", invoice.Id, new CreditLine(1, 1)), "finance-1", None);
        Assert.Empty(await world.EventsAsync(BillingEventTypes.RefundRequested));
        await world.Invoicing.IssueCreditNoteAsync(Lines("R-2", invoice.Id, new CreditLine(1, 1)), "finance-1", None);

        Assert.Equal(500, Assert.Single(await world.EventsAsync(BillingEventTypes.RefundRequested)).AmountMinor);
    }

    [Fact]
    public async Task IssueCreditNoteAsync_CardInvoiceNotCapturedYet_NoRefund()
    {
        var world = new BillingWorld();
        var invoice = await world.InvoicedAsync(PaymentMethods.Card, quantity: 3);

        await world.Invoicing.IssueCreditNoteAsync(Lines("R-1", invoice.Id, new CreditLine(1, 3)), "finance-1", None);

        Assert.Empty(await world.EventsAsync(BillingEventTypes.RefundRequested));
        Assert.Null(await world.ItemAsync(invoice.Id));
    }
}

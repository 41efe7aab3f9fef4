using Sourcing.Orders.Billing;
using Sourcing.Orders.Billing.Invoicing;
using static Sourcing.Orders.Tests.Billing.Invoicing.BillingWorld;

namespace Sourcing.Orders.Tests.Billing.Invoicing;

public sealed class CreditNoteDeductionTests
{
    private static CreditNoteCommand Returned(string requestId, string invoiceId, int units, params CreditDeduction[] deductions) =>
        new(requestId, invoiceId, CreditReason.Return, "Return RMA-1", [new CreditLine(1, units)], null, deductions);

    [Fact]
    public async Task IssueCreditNoteAsync_RestockingFeeDeducted_NegativeLineAndTotalIsGoodsMinusFee()
    {
        var world = new BillingWorld();
        var invoice = await world.InvoicedAsync(PaymentMethods.Invoice, quantity: 3);

        var note = await world.Invoicing.IssueCreditNoteAsync(Returned("R-1", invoice.Id, 2, new CreditDeduction("Restocking fee", 200, 1900)), "agent-1", None);

        Assert.Equal(2, note.Lines.Count);
        var fee = note.Lines[1];
        // VAT of −2.00 gross at 19 %: −200 × 1900 / 11900 = −31.93 → −32 (half away from zero), net −168.
        Assert.Equal((2, "Restocking fee", 1, -200L, -200L, -32L, -168L), (fee.Position, fee.Description, fee.Quantity, fee.UnitGrossMinor, fee.GrossMinor, fee.VatMinor, fee.NetMinor));
        Assert.Equal(1800, note.GrossTotalMinor);
        Assert.Equal(note.Lines.Sum(l => l.VatMinor), note.VatTotalMinor);
        Assert.Equal(1200, (await world.ItemAsync(invoice.Id))!.OpenMinor);
        Assert.Equal(1800, Assert.Single(await world.EventsAsync(BillingEventTypes.CreditNoteIssued)).AmountMinor);
        await world.AssertLedgerBalancesAsync();
    }

    [Fact]
    public async Task IssueCreditNoteAsync_DeductionsAsLargeAsTheGoods_InvalidDeductionsAndNothingIssued()
    {
        var world = new BillingWorld();
        var invoice = await world.InvoicedAsync(PaymentMethods.Invoice, quantity: 3);

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => world.Invoicing.IssueCreditNoteAsync(
            Returned("R-1", invoice.Id, 1, new CreditDeduction("Restocking fee", 600, 1900), new CreditDeduction("Free item kept", 400, 1900)), "agent-1", None));

        Assert.Equal("deductions", refused.ParamName);
        Assert.Empty(await world.EventsAsync(BillingEventTypes.CreditNoteIssued));
        Assert.Equal(3000, (await world.ItemAsync(invoice.Id))!.OpenMinor);
    }

    [Fact]
    public async Task IssueCreditNoteAsync_DeductionNotPositive_InvalidDeductionGross()
    {
        var world = new BillingWorld();
        var invoice = await world.InvoicedAsync(PaymentMethods.Invoice, quantity: 3);

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => world.Invoicing.IssueCreditNoteAsync(
            Returned("R-1", invoice.Id, 1, new CreditDeduction("Restocking fee", 0, 1900)), "agent-1", None));

        Assert.Equal("deductions.gross_minor", refused.ParamName);
    }

    [Fact]
    public async Task IssueCreditNoteAsync_RepeatWithTheSameDeductions_SameNote()
    {
        var world = new BillingWorld();
        var invoice = await world.InvoicedAsync(PaymentMethods.Invoice, quantity: 3);
        var first = await world.Invoicing.IssueCreditNoteAsync(Returned("R-1", invoice.Id, 2, new CreditDeduction("Restocking fee", 200, 1900)), "agent-1", None);

        var again = await world.Invoicing.IssueCreditNoteAsync(Returned("R-1", invoice.Id, 2, new CreditDeduction("Restocking fee", 200, 1900)), "agent-1", None);

        Assert.Equal(first.Id, again.Id);
        Assert.Single(await world.EventsAsync(BillingEventTypes.CreditNoteIssued));
    }

    [Fact]
    public async Task IssueCreditNoteAsync_RepeatWithOtherDeductions_RequestIdReused()
    {
        var world = new BillingWorld();
        var invoice = await world.InvoicedAsync(PaymentMethods.Invoice, quantity: 3);
        await world.Invoicing.IssueCreditNoteAsync(Returned("R-1", invoice.Id, 2, new CreditDeduction("Restocking fee", 200, 1900)), "agent-1", None);

        var refused = await Assert.ThrowsAsync<BillingStateException>(() =>
            world.Invoicing.IssueCreditNoteAsync(Returned("R-1", invoice.Id, 2, new CreditDeduction("Restocking fee", 300, 1900)), "agent-1", None));

        Assert.Equal("REQUEST_ID_REUSED", refused.Code);
        Assert.Equal(1200, (await world.ItemAsync(invoice.Id))!.OpenMinor);
    }
}

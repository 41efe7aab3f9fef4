using Sourcing.Orders.Billing;
using Sourcing.Orders.Returns;
using static Sourcing.Orders.Tests.Returns.Money.ReturnMoneyWorld;

namespace Sourcing.Orders.Tests.Returns.Money;

public sealed class ReturnRefundTests
{
    /// <summary>A card order of 3 units of L1 (10.00 each), shipped, invoiced and captured in full.</summary>
    private static async Task<(ReturnMoneyWorld World, BillingDocument Invoice)> CapturedCardOrderAsync()
    {
        var world = new ReturnMoneyWorld();
        var invoice = await world.Billing.InvoicedAsync(PaymentMethods.Card, quantity: 3);
        await world.Billing.CapturedAsync(invoice, 3000);
        return (world, invoice);
    }

    [Fact]
    public async Task CarryOutAsync_TwoOfThreeCardUnitsRefunded_OneCreditNoteOfTwoUnitsAndTheirMoneyAskedBack()
    {
        var (world, invoice) = await CapturedCardOrderAsync();
        var rma = await world.ReturnAsync(invoice.OrderId, ReturnKind.Refund, RefundDestination.OriginalPayment, ("L1", 2, 0, ""));

        var decided = await world.DecideRefundAsync(invoice.OrderId, rma.Id, ("L1", 2));
        var pending = Assert.Single(decided.FindReturn(rma.Id)!.Refunds);
        Assert.Equal((RefundStatus.Pending, invoice.Id, 2000L, 2000L), (pending.Status, pending.InvoiceId, pending.GoodsMinor, pending.AmountMinor));
        Assert.Equal(2, decided.FindReturn(rma.Id)!.Lines[0].Refunded);

        var done = await world.CarryOutAsync(invoice.OrderId, rma.Id);

        var note = Assert.Single(await world.CreditNotesAsync());
        var line = Assert.Single(note.Lines);
        Assert.Equal(("L1", 2, 1000L, 2000L), (line.LineId, line.Quantity, line.UnitGrossMinor, note.GrossTotalMinor));
        Assert.Equal((invoice.Id, CreditReason.Return, $"Return {rma.Number}: does not fit"), (note.CorrectsInvoiceId, note.CreditReason, note.ReasonText));
        var refund = Assert.Single(done.FindReturn(rma.Id)!.Refunds);
        Assert.Equal((RefundStatus.Issued, note.Id, note.Number), (refund.Status, refund.CreditNoteId, refund.CreditNoteNumber));
        Assert.Equal(2000, Assert.Single(await world.Billing.EventsAsync(BillingEventTypes.RefundRequested)).AmountMinor);
        Assert.Equal([ReturnEventTypes.RefundDecided, ReturnEventTypes.Refunded], (await world.HistoryAsync(invoice.OrderId)).Where(t => t.StartsWith("return.", StringComparison.Ordinal)));
        await world.Billing.AssertLedgerBalancesAsync();
    }

    [Fact]
    public async Task CarryOutAsync_StoreCredit_CreditBalanceAndNoRefundRequest()
    {
        var (world, invoice) = await CapturedCardOrderAsync();
        var rma = await world.ReturnAsync(invoice.OrderId, ReturnKind.Refund, RefundDestination.StoreCredit, ("L1", 2, 0, ""));
        await world.DecideRefundAsync(invoice.OrderId, rma.Id, ("L1", 2));

        await world.CarryOutAsync(invoice.OrderId, rma.Id);

        Assert.Empty(await world.Billing.EventsAsync(BillingEventTypes.RefundRequested));
        Assert.Equal(2000, Assert.Single(await world.Billing.EventsAsync(BillingEventTypes.StoreCreditGranted)).AmountMinor);
        Assert.Equal(2000, (await world.Billing.Billing.ListPaymentsAsync("C-1", 10, None)).Sum(p => p.UnallocatedMinor));
        await world.Billing.AssertLedgerBalancesAsync();
    }

    /// <summary>An invoice order of 2 × L1 (10.00) with 2 × L2 free with it (worth 3.00 each), shipped together and invoiced.</summary>
    private static async Task<(ReturnMoneyWorld World, Order Order, BillingDocument Invoice)> GiftOrderAsync()
    {
        var world = new ReturnMoneyWorld();
        var command = world.Billing.Orders.Command("gift-1", ("L1", "SKU-1", 2), ("L2", "GIFT-1", 2));
        command.Order.PaymentMethod = PaymentMethods.Invoice;
        command.Order.Lines[1].UnitPriceMinor = 0;
        command.Order.Lines[1].FreeWithLineId = "L1";
        command.Order.Lines[1].FreeItemValueMinor = 300;
        world.Billing.Orders.Inventory.Stock("SKU-1", "LOC-A", 2);
        world.Billing.Orders.Inventory.Stock("GIFT-1", "LOC-A", 2);
        var order = await world.Billing.Orders.Lifecycle.CreateAsync(command, "web-shop", None);
        await world.Billing.ShipAsync(order.Id, "LOC-A");
        var invoice = Assert.Single(await world.Billing.Invoicing.IssueForOrderAsync(order.Id, None));
        return (world, order, invoice);
    }

    [Fact]
    public async Task DecideRefundAsync_OneFreeItemReturnedAndTheMainUnitsRefundedOneByOne_TheOtherFreeItemIsKeptOnce()
    {
        var (world, order, _) = await GiftOrderAsync();
        await world.ReturnAsync(order.Id, ReturnKind.Refund, RefundDestination.OriginalPayment, ("L2", 1, 0, ""));
        var rma = await world.ReturnAsync(order.Id, ReturnKind.Refund, RefundDestination.OriginalPayment, ("L1", 2, 0, ""));

        await world.DecideRefundAsync(order.Id, rma.Id, ("L1", 1));
        var decided = await world.DecideRefundAsync(order.Id, rma.Id, ("L1", 1));

        Assert.Equal([(1000L, 0L, 1000L), (1000L, 300L, 700L)], decided.FindReturn(rma.Id)!.Refunds.Select(r => (r.GoodsMinor, r.FreeItemsMinor, r.AmountMinor)));
    }

    [Fact]
    public async Task CarryOutAsync_RestockingFeeAndFreeItemKept_DeductionLinesAndTotalGoodsMinusFeeMinusFreeValue()
    {
        var (world, order, invoice) = await GiftOrderAsync();
        var rma = await world.ReturnAsync(order.Id, ReturnKind.Refund, RefundDestination.OriginalPayment, ("L1", 1, 1000, ""));

        var decided = await world.DecideRefundAsync(order.Id, rma.Id, ("L1", 1));
        var refund = Assert.Single(decided.FindReturn(rma.Id)!.Refunds);
        Assert.Equal((1000L, 100L, 300L, 600L), (refund.GoodsMinor, refund.RestockingFeeMinor, refund.FreeItemsMinor, refund.AmountMinor));
        await world.CarryOutAsync(order.Id, rma.Id);

        var note = Assert.Single(await world.CreditNotesAsync());
        Assert.Equal(
            [("L1", 1, 1000L), ("", 1, -100L), ("", 1, -300L)],
            note.Lines.Select(l => (l.LineId, l.Quantity, l.GrossMinor)));
        Assert.Equal(["SKU-1", "Restocking fee", "Free items kept"], note.Lines.Select(l => l.Description));
        Assert.Equal(600, note.GrossTotalMinor);
        Assert.Equal(invoice.GrossTotalMinor - 600, (await world.Billing.ItemAsync(invoice.Id))!.OpenMinor);
    }

    [Fact]
    public async Task DecideRefundAsync_FeeTakesEverything_NoRefundAndAnEventSaysWhy()
    {
        var world = new ReturnMoneyWorld();
        var invoice = await world.Billing.InvoicedAsync(PaymentMethods.Invoice, quantity: 3);
        var rma = await world.ReturnAsync(invoice.OrderId, ReturnKind.Refund, RefundDestination.OriginalPayment, ("L1", 1, 10_000, ""));

        var decided = await world.DecideRefundAsync(invoice.OrderId, rma.Id, ("L1", 1));
        await world.CarryOutAsync(invoice.OrderId, rma.Id);

        Assert.Empty(decided.FindReturn(rma.Id)!.Refunds);
        Assert.Empty(await world.CreditNotesAsync());
        var history = await world.Billing.Orders.Store.GetHistoryAsync(invoice.OrderId, None);
        Assert.Contains("nothing credited", Assert.Single(history, e => e.Event.Type == ReturnEventTypes.RefundDecided).Event.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CarryOutAsync_UnitsOnTwoShipmentInvoices_TwoRefundsTwoCreditNotes()
    {
        var world = new ReturnMoneyWorld();
        var order = await world.Billing.OrderAsync(PaymentMethods.Invoice, 0, ("L1", "SKU-1", 1), ("L2", "SKU-2", 1));
        await world.Billing.ShipAsync(order.Id, "LOC-L1");
        await world.Billing.ShipAsync(order.Id, "LOC-L2");
        var invoices = await world.Billing.Invoicing.IssueForOrderAsync(order.Id, None);
        Assert.Equal(2, invoices.Count);
        var rma = await world.ReturnAsync(order.Id, ReturnKind.Refund, RefundDestination.OriginalPayment, ("L1", 1, 0, ""), ("L2", 1, 0, ""));

        await world.DecideRefundAsync(order.Id, rma.Id, ("L1", 1), ("L2", 1));
        var done = await world.CarryOutAsync(order.Id, rma.Id);

        var refunds = done.FindReturn(rma.Id)!.Refunds;
        Assert.Equal(invoices.Select(i => i.Id).Order(), refunds.Select(r => r.InvoiceId).Order());
        var notes = await world.CreditNotesAsync();
        Assert.Equal(2, notes.Count);
        Assert.Equal(invoices.Select(i => i.Id).Order(), notes.Select(n => n.CorrectsInvoiceId).Order());
        Assert.All(refunds, r => Assert.Equal(RefundStatus.Issued, r.Status));
    }

    [Fact]
    public async Task CarryOutAsync_TwiceAndAfterACrashBeforeTheOrderWasSaved_StillOneCreditNotePerRefund()
    {
        var (world, invoice) = await CapturedCardOrderAsync();
        var rma = await world.ReturnAsync(invoice.OrderId, ReturnKind.Refund, RefundDestination.OriginalPayment, ("L1", 2, 0, ""));
        await world.DecideRefundAsync(invoice.OrderId, rma.Id, ("L1", 2));

        // The "crash": the credit note is issued, the order with the issued refund is never saved.
        var unsaved = await world.Billing.Orders.GetAsync(invoice.OrderId);
        await world.Settlement.CarryOutAsync(unsaved, unsaved.FindReturn(rma.Id)!, None);
        var stillPending = await world.Billing.Orders.GetAsync(invoice.OrderId);
        Assert.Equal(RefundStatus.Pending, stillPending.FindReturn(rma.Id)!.Refunds[0].Status);
        // Deciding the same units again finds them refunded already (their refund is decided, its note issued).
        await world.DecideRefundAsync(invoice.OrderId, rma.Id, ("L1", 2));
        var first = await world.CarryOutAsync(invoice.OrderId, rma.Id);
        var again = await world.CarryOutAsync(invoice.OrderId, rma.Id);

        var note = Assert.Single(await world.CreditNotesAsync());
        var refund = Assert.Single(again.FindReturn(rma.Id)!.Refunds);
        Assert.Equal((RefundStatus.Issued, note.Id), (refund.Status, refund.CreditNoteId));
        Assert.Equal(note.Id, Assert.Single(first.FindReturn(rma.Id)!.Refunds).CreditNoteId);
        Assert.Single(await world.Billing.EventsAsync(BillingEventTypes.RefundRequested));
        Assert.Single(await world.HistoryAsync(invoice.OrderId), t => t == ReturnEventTypes.Refunded);
    }

    [Fact]
    public async Task DecideRefundAsync_AnotherReturnsRefundOfTheSameInvoiceStillPending_OnlyTheUnitsLeftOnTheInvoice()
    {
        var (world, invoice) = await CapturedCardOrderAsync();
        var first = await world.ReturnAsync(invoice.OrderId, ReturnKind.Refund, RefundDestination.OriginalPayment, ("L1", 2, 0, ""));
        var second = await world.ReturnAsync(invoice.OrderId, ReturnKind.Refund, RefundDestination.OriginalPayment, ("L1", 2, 0, ""));
        await world.DecideRefundAsync(invoice.OrderId, first.Id, ("L1", 2));

        var decided = await world.DecideRefundAsync(invoice.OrderId, second.Id, ("L1", 2));
        await world.CarryOutAsync(invoice.OrderId, first.Id);
        await world.CarryOutAsync(invoice.OrderId, second.Id);

        Assert.Equal([1], decided.FindReturn(second.Id)!.Refunds.Select(r => r.Lines.Sum(l => l.Quantity)));
        Assert.Equal([2, 1], (await world.CreditNotesAsync()).Select(n => n.Lines.Sum(l => l.Quantity)));
    }

    [Fact]
    public async Task CarryOutAsync_InvoiceGone_RefundStaysPendingWithTheError()
    {
        var (world, invoice) = await CapturedCardOrderAsync();
        var rma = await world.ReturnAsync(invoice.OrderId, ReturnKind.Refund, RefundDestination.OriginalPayment, ("L1", 1, 0, ""));
        await world.DecideRefundAsync(invoice.OrderId, rma.Id, ("L1", 1));
        await world.StepAsync(invoice.OrderId, rma.Id, (_, r) => { r.Refunds[0].InvoiceId = "inv_missing"; return Task.CompletedTask; });

        var done = await world.CarryOutAsync(invoice.OrderId, rma.Id);

        var refund = Assert.Single(done.FindReturn(rma.Id)!.Refunds);
        Assert.Equal(RefundStatus.Pending, refund.Status);
        Assert.Contains("inv_missing", refund.LastError, StringComparison.Ordinal);
        Assert.Empty(await world.CreditNotesAsync());
    }

    [Fact]
    public async Task DecideRefundAsync_PerOrderInvoicingNothingInvoicedYet_UnitsWait()
    {
        var world = new ReturnMoneyWorld();
        world.Billing.Options.Invoicing = InvoicingMode.PerOrder;
        var order = await world.Billing.OrderAsync(PaymentMethods.Invoice, 0, ("L1", "SKU-1", 1), ("L2", "SKU-2", 1));
        await world.Billing.ShipAsync(order.Id, "LOC-L1");
        Assert.Empty(await world.Billing.Invoicing.IssueForOrderAsync(order.Id, None));
        var rma = await world.ReturnAsync(order.Id, ReturnKind.Refund, RefundDestination.OriginalPayment, ("L1", 1, 0, ""));

        var decided = await world.DecideRefundAsync(order.Id, rma.Id, ("L1", 1));

        Assert.Empty(decided.FindReturn(rma.Id)!.Refunds);
        Assert.Equal(0, decided.FindReturn(rma.Id)!.Lines[0].Refunded);
    }
}

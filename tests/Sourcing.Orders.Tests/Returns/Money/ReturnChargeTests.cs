using Sourcing.Orders.Billing;
using Sourcing.Orders.Returns;
using static Sourcing.Orders.Tests.Returns.Money.ReturnMoneyWorld;

namespace Sourcing.Orders.Tests.Returns.Money;

public sealed class ReturnChargeTests
{
    [Fact]
    public async Task CarryOutAsync_ReplacementSentAheadNeverReturned_OneReInvoiceOfTheOutstandingUnitsAtTheInvoicedPrice()
    {
        var world = new ReturnMoneyWorld();
        var invoice = await world.Billing.InvoicedAsync(PaymentMethods.Card, quantity: 3);
        var rma = await world.ReturnAsync(invoice.OrderId, ReturnKind.Replacement, RefundDestination.OriginalPayment, ("L1", 2, 0, ""));
        await world.StepAsync(invoice.OrderId, rma.Id, (order, r) =>
        {
            world.Settlement.DecideLinkedOrder(order, r, beforeReturn: true, "agent-1", world.Now);
            r.LinkedOrder!.OrderId = "O-sent-ahead";
            r.Lines[0].Received = 1;
            world.Settlement.DecideCharge(order, r, "system", world.Now);
            return Task.CompletedTask;
        });

        var done = await world.CarryOutAsync(invoice.OrderId, rma.Id);

        var charge = done.FindReturn(rma.Id)!.Charge!;
        var reInvoice = (await world.Billing.DocumentsAsync()).Single(d => d.Purpose == InvoicePurpose.ReturnCharge);
        Assert.Equal((reInvoice.Id, reInvoice.Number, 1000L), (charge.InvoiceId, charge.InvoiceNumber, charge.AmountMinor));
        Assert.StartsWith("RE-", reInvoice.Number, StringComparison.Ordinal);
        var line = Assert.Single(reInvoice.Lines);
        Assert.Equal(("L1", 1, 1000L, 1900), (line.LineId, line.Quantity, line.UnitGrossMinor, line.VatRateBasisPoints));
        Assert.Equal(("return-charge:" + rma.Id, invoice.OrderId, PaymentMethods.Invoice), (reInvoice.SourceKey, reInvoice.OrderId, reInvoice.PaymentMethod));
        Assert.Single(await world.HistoryAsync(invoice.OrderId), t => t == ReturnEventTypes.Charged);
    }

    [Fact]
    public async Task CarryOutAsync_ChargeIssuedButTheReturnNotSaved_TheRepeatAnswersWithTheSameInvoice()
    {
        var world = new ReturnMoneyWorld();
        var invoice = await world.Billing.InvoicedAsync(PaymentMethods.Invoice, quantity: 3);
        var rma = await world.ReturnAsync(invoice.OrderId, ReturnKind.Refund, RefundDestination.OriginalPayment, ("L1", 2, 0, ""));
        // Refunded at drop-off (instant refund); nothing arrived by the due date.
        await world.DecideRefundAsync(invoice.OrderId, rma.Id, ("L1", 2));
        await world.CarryOutAsync(invoice.OrderId, rma.Id);
        await world.StepAsync(invoice.OrderId, rma.Id, (order, r) => { world.Settlement.DecideCharge(order, r, "system", world.Now); return Task.CompletedTask; });
        var unsaved = await world.Billing.Orders.GetAsync(invoice.OrderId);
        await world.Settlement.CarryOutAsync(unsaved, unsaved.FindReturn(rma.Id)!, None);

        var done = await world.CarryOutAsync(invoice.OrderId, rma.Id);
        await world.CarryOutAsync(invoice.OrderId, rma.Id);

        var reInvoice = Assert.Single(await world.Billing.DocumentsAsync(), d => d.Purpose == InvoicePurpose.ReturnCharge);
        Assert.Equal(reInvoice.Id, done.FindReturn(rma.Id)!.Charge!.InvoiceId);
        Assert.Equal(2000, reInvoice.GrossTotalMinor);
    }

    [Fact]
    public void DecideCharge_OneUnitRefundedOnReceiptOneNeverSent_NoCharge()
    {
        var world = new ReturnMoneyWorld();
        var order = TestOrders.New(quantity: 2);
        var rma = new ReturnAuthorisation { Id = "rma_1", Kind = ReturnKind.Refund, Lines = [new ReturnLine { LineId = "L1", Quantity = 2, Received = 1, Refunded = 1 }] };

        world.Settlement.DecideCharge(order, rma, "system", world.Now);

        Assert.Null(rma.Charge);
    }

    [Fact]
    public void DecideCharge_TwoRefundedAtDropOffOneArrived_ChargesTheOtherOne()
    {
        var world = new ReturnMoneyWorld();
        var order = TestOrders.New(quantity: 2);
        var rma = new ReturnAuthorisation { Id = "rma_1", Kind = ReturnKind.Refund, Lines = [new ReturnLine { LineId = "L1", Quantity = 2, Received = 1, Refunded = 2 }] };

        world.Settlement.DecideCharge(order, rma, "system", world.Now);

        Assert.Equal([("L1", 1)], rma.Charge!.Lines.Select(l => (l.LineId, l.Quantity)));
    }

    [Fact]
    public void DecideCharge_EverythingReceived_NoCharge()
    {
        var world = new ReturnMoneyWorld();
        var order = TestOrders.New(quantity: 2);
        var rma = new ReturnAuthorisation { Id = "rma_1", Kind = ReturnKind.Replacement, Lines = [new ReturnLine { LineId = "L1", Quantity = 2, Received = 2 }] };
        world.Settlement.DecideLinkedOrder(order, rma, beforeReturn: true, "agent-1", world.Now);

        world.Settlement.DecideCharge(order, rma, "system", world.Now);

        Assert.Null(rma.Charge);
    }
}

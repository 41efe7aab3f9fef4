using Microsoft.Extensions.Logging.Abstractions;
using Sourcing.Orders.Billing;
using Sourcing.Orders.Returns;
using Sourcing.Orders.Tests.Returns.Money;
using static Sourcing.Orders.Tests.Returns.ReturnWorld;

namespace Sourcing.Orders.Tests.Returns;

/// <summary>The return service over the real settlement, billing and order lifecycle (in-memory stores).</summary>
public sealed class ReturnSettlementStoryTests
{
    private static (ReturnService Service, FakeReturnStock Stock) ServiceOver(ReturnMoneyWorld world, FakeReturnPolicy? policy = null)
    {
        var stock = new FakeReturnStock();
        return (new ReturnService(world.Billing.Orders.Store, policy ?? new FakeReturnPolicy(), new FakeReturnRouting(), stock, world.Settlement, new ReturnOptions(),
            world.Billing.Orders.Clock, NullLogger<ReturnService>.Instance), stock);
    }

    [Fact]
    public async Task ReceiveAsync_InvoicedCardOrder_OneCreditNoteForTheReceivedUnitsAndTheReturnCloses()
    {
        var world = new ReturnMoneyWorld();
        var invoice = await world.Billing.InvoicedAsync(PaymentMethods.Card, quantity: 3);
        await world.Billing.CapturedAsync(invoice, 3000);
        var (service, stock) = ServiceOver(world);
        var rma = (await service.AuthoriseAsync(Authorise(invoice.OrderId, "ret-1", ("L1", 2)), Agent, None)).Return;

        var received = await service.ReceiveAsync(Receive(rma.Number, "rcv-1", ("L1", UnitGrade.Resellable, 2)), Agent, None);
        await service.ReceiveAsync(Receive(rma.Number, "rcv-1", ("L1", UnitGrade.Resellable, 2)), Agent, None);
        await service.ReconcileAsync(invoice.OrderId, None);

        var note = Assert.Single(await world.CreditNotesAsync());
        Assert.Equal((2, 2000L), (Assert.Single(note.Lines).Quantity, note.GrossTotalMinor));
        var refund = Assert.Single(received.Return.Refunds);
        Assert.Equal((RefundStatus.Issued, note.Id), (refund.Status, refund.CreditNoteId));
        Assert.Equal(ReturnStatus.Closed, received.Return.Status);
        Assert.Equal(2, stock.Restocked("SKU-1", "WH-1"));
        Assert.Equal(2, received.Order.Line("L1").In(LineState.Returned));
        await world.Billing.AssertLedgerBalancesAsync();
    }

    [Fact]
    public async Task ReceiveAsync_ReplacementChargedAsNotReturnedArrivesAfterAll_TheChargeIsCreditedInFullOnce()
    {
        var world = new ReturnMoneyWorld();
        var invoice = await world.Billing.InvoicedAsync(PaymentMethods.Card, quantity: 3);
        var (service, _) = ServiceOver(world, new FakeReturnPolicy { ShipBeforeReturn = true, ReturnWithinDays = 14 });
        var command = Authorise(invoice.OrderId, "ret-1", ("L1", 2)) with { Kind = ReturnKind.Replacement };
        var rma = (await service.AuthoriseAsync(command, Agent, None)).Return;
        world.Billing.Orders.Clock.Advance(TimeSpan.FromDays(15));
        await service.ProcessDeadlinesAsync(10, None);
        var charged = (await service.GetAsync(rma.Number, Agent, None)).Return.Charge!;

        var received = await service.ReceiveAsync(Receive(rma.Number, "rcv-late", ("L1", UnitGrade.Resellable, 2)), Agent, None);
        await service.ReconcileAsync(invoice.OrderId, None);
        await service.ReceiveAsync(Receive(rma.Number, "rcv-late", ("L1", UnitGrade.Resellable, 2)), Agent, None);

        var charge = await world.Billing.Billing.GetDocumentAsync(charged.InvoiceId, None);
        Assert.Equal(InvoicePurpose.ReturnCharge, charge!.Purpose);
        var note = Assert.Single(await world.CreditNotesAsync());
        Assert.Equal((charge.Id, charge.GrossTotalMinor), (note.CorrectsInvoiceId, note.GrossTotalMinor));
        Assert.Equal(note.Id, Assert.Single(received.Return.Refunds).CreditNoteId);
        Assert.Equal(ReturnStatus.Closed, received.Return.Status);
        await world.Billing.AssertLedgerBalancesAsync();
    }

    [Fact]
    public async Task ReceiveAsync_Exchange_CreatesTheLinkedNoChargeOrderOnceAndCloses()
    {
        var world = new ReturnMoneyWorld();
        var invoice = await world.Billing.InvoicedAsync(PaymentMethods.Card, quantity: 3);
        world.Billing.Orders.Inventory.Stock("SKU-1-L", "LOC-EX", 1);
        var (service, _) = ServiceOver(world);
        var command = Authorise(invoice.OrderId, "ret-1", ("L1", 1)) with { Kind = ReturnKind.Exchange };
        command = command with { Lines = [command.Lines[0] with { ExchangeSku = "SKU-1-L" }] };
        var rma = (await service.AuthoriseAsync(command, Agent, None)).Return;

        var received = await service.ReceiveAsync(Receive(rma.Number, "rcv-1", ("L1", UnitGrade.Resellable, 1)), Agent, None);
        await service.ReconcileAsync(invoice.OrderId, None);

        var linked = received.Return.LinkedOrder!;
        var exchange = await world.Billing.Orders.GetAsync(linked.OrderId);
        Assert.Equal(("SKU-1-L", PaymentMethods.NoCharge), (Assert.Single(exchange.Document.Lines).Sku, exchange.Document.PaymentMethod));
        Assert.Equal(rma.Id, exchange.Document.CreatedForReturn!.ReturnId);
        Assert.Equal(ReturnStatus.Closed, received.Return.Status);
        Assert.Empty(await world.CreditNotesAsync());
        Assert.Single(await world.HistoryAsync(invoice.OrderId), ReturnEventTypes.LinkedOrderCreated);
    }
}

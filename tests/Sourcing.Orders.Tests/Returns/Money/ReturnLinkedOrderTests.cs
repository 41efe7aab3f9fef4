using Sourcing.Orders.Billing;
using Sourcing.Orders.Returns;
using Sourcing.Orders.Returns.Settlement;
using static Sourcing.Orders.Tests.Returns.Money.ReturnMoneyWorld;

namespace Sourcing.Orders.Tests.Returns.Money;

public sealed class ReturnLinkedOrderTests
{
    [Fact]
    public async Task CarryOutAsync_Exchange_LinkedNoChargeOrderOfTheOtherSkuWhoseShipmentIssuesNoInvoice()
    {
        var world = new ReturnMoneyWorld();
        var invoice = await world.Billing.InvoicedAsync(PaymentMethods.Card, quantity: 3);
        world.Billing.Orders.Inventory.Stock("SKU-1-L", "LOC-EX", 1);
        var rma = await world.ReturnAsync(invoice.OrderId, ReturnKind.Exchange, RefundDestination.OriginalPayment, ("L1", 1, 0, "SKU-1-L"));
        await world.StepAsync(invoice.OrderId, rma.Id, (order, r) => { world.Settlement.DecideLinkedOrder(order, r, beforeReturn: false, "store-7", world.Now); return Task.CompletedTask; });

        var original = await world.CarryOutAsync(invoice.OrderId, rma.Id);

        var linked = original.FindReturn(rma.Id)!.LinkedOrder!;
        Assert.Equal(("return-order:" + rma.Id, ""), (linked.RequestId, linked.LastError));
        var exchange = await world.Billing.Orders.GetAsync(linked.OrderId);
        var line = Assert.Single(exchange.Document.Lines);
        Assert.Equal(("SKU-1-L", 1, 0L), (line.Sku, line.Quantity, line.UnitPriceMinor));
        Assert.Equal((PaymentMethods.NoCharge, 0L, $"EXT-r-1-{rma.Number}", "C-1"),
            (exchange.Document.PaymentMethod, exchange.Document.ShippingChargeMinor, exchange.Document.ExternalOrderNumber, exchange.Document.Customer.Id));
        Assert.Equal((invoice.OrderId, rma.Id, ReturnKind.Exchange), (exchange.Document.CreatedForReturn!.OriginalOrderId, exchange.Document.CreatedForReturn.ReturnId, exchange.Document.CreatedForReturn.Kind));
        Assert.Contains(ReturnEventTypes.LinkedOrderCreated, await world.HistoryAsync(invoice.OrderId));
        Assert.Equal(OrderEventTypes.Created, (await world.HistoryAsync(exchange.Id))[0]);

        await world.Billing.ShipAsync(exchange.Id, "LOC-EX");
        Assert.Empty(await world.Billing.Invoicing.IssueForOrderAsync(exchange.Id, None));
        Assert.Single(await world.Billing.DocumentsAsync());
        Assert.Single(await world.Billing.EventsAsync(BillingEventTypes.CaptureRequested));
    }

    [Fact]
    public async Task CarryOutAsync_LinkedOrderCreatedButTheReturnNotSaved_TheRetryFindsTheSameOrder()
    {
        var world = new ReturnMoneyWorld();
        var invoice = await world.Billing.InvoicedAsync(PaymentMethods.Invoice, quantity: 3);
        world.Billing.Orders.Inventory.Stock("SKU-1", "LOC-EX", 1);
        var rma = await world.ReturnAsync(invoice.OrderId, ReturnKind.Replacement, RefundDestination.OriginalPayment, ("L1", 1, 0, ""));
        await world.StepAsync(invoice.OrderId, rma.Id, (order, r) => { world.Settlement.DecideLinkedOrder(order, r, beforeReturn: true, "agent-1", world.Now); return Task.CompletedTask; });
        var unsaved = await world.Billing.Orders.GetAsync(invoice.OrderId);
        await world.Settlement.CarryOutAsync(unsaved, unsaved.FindReturn(rma.Id)!, None);

        var original = await world.CarryOutAsync(invoice.OrderId, rma.Id);

        Assert.Equal(unsaved.FindReturn(rma.Id)!.LinkedOrder!.OrderId, original.FindReturn(rma.Id)!.LinkedOrder!.OrderId);
        var orders = await world.Billing.Orders.Store.ListAsync(new OrderQuery(null, null, null, null, null, 50, null), None);
        Assert.Equal(2, orders.Orders.Count);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(128)]
    public void ExternalOrderNumber_OriginalOfAnyAllowedLength_FitsTheColumnAndEndsWithTheReturnNumber(int originalLength)
    {
        var original = new OrderDocument { ExternalOrderNumber = new string('7', originalLength) };
        var rma = new ReturnAuthorisation { Number = "RMA-ABCDEFGHJK" };

        var number = LinkedOrderFactory.ExternalOrderNumber(original, rma);

        Assert.True(number.Length <= Sourcing.Orders.Storage.Postgres.OrderColumnLimits.ExternalOrderNumber, $"{number.Length} characters");
        Assert.EndsWith("-RMA-ABCDEFGHJK", number);
        Assert.StartsWith(number[..^"-RMA-ABCDEFGHJK".Length], original.ExternalOrderNumber);
    }
}

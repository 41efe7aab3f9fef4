using Sourcing.Orders.Billing;
using static Sourcing.Orders.Tests.Billing.Invoicing.BillingWorld;

namespace Sourcing.Orders.Tests.Billing.Invoicing;

public sealed class ZeroInvoiceTests
{
    /// <summary>An order of one line at unit price 0 (an exchange or replacement), stocked at LOC-L1.</summary>
    private static async Task<Order> FreeOrderAsync(BillingWorld world, string paymentMethod)
    {
        var command = world.Orders.Command("free-1", ("L1", "SKU-1", 2));
        command.Order.PaymentMethod = paymentMethod;
        command.Order.PaymentReference = "AUTH-free-1";
        command.Order.Lines[0].UnitPriceMinor = 0;
        world.Orders.Inventory.Stock("SKU-1", "LOC-L1", 2);
        return await world.Orders.Lifecycle.CreateAsync(command, "returns", None);
    }

    [Fact]
    public async Task CreateAsync_NoChargeOrder_NoPrepaymentHoldAndSourced()
    {
        var world = new BillingWorld();

        var order = await FreeOrderAsync(world, PaymentMethods.NoCharge);

        Assert.False(order.IsOnHold);
        Assert.Single(order.Document.FulfilmentOrders);
    }

    [Theory]
    [InlineData(PaymentMethods.NoCharge)]
    [InlineData(PaymentMethods.Card)]
    [InlineData(PaymentMethods.Invoice)]
    public async Task IssueForOrderAsync_ShipmentTotallingZero_NoInvoiceNoCapture(string paymentMethod)
    {
        var world = new BillingWorld();
        var order = await FreeOrderAsync(world, paymentMethod);
        await world.ShipAsync(order.Id, "LOC-L1");

        var invoices = await world.Invoicing.IssueForOrderAsync(order.Id, None);

        Assert.Empty(invoices);
        Assert.Empty(await world.DocumentsAsync());
        Assert.Empty(await world.EventsAsync());
    }

    [Fact]
    public async Task IssueForOrderAsync_PerOrderModeOrderTotallingZero_NoInvoice()
    {
        var world = new BillingWorld();
        world.Options.Invoicing = InvoicingMode.PerOrder;
        var order = await FreeOrderAsync(world, PaymentMethods.NoCharge);
        await world.ShipAsync(order.Id, "LOC-L1");

        Assert.Empty(await world.Invoicing.IssueForOrderAsync(order.Id, None));
        Assert.Empty(await world.DocumentsAsync());
    }

    [Fact]
    public async Task RunOnceAsync_ZeroShipmentInTheFeed_NoInvoiceAndTheFollowerMovesOn()
    {
        var world = new BillingWorld();
        var free = await FreeOrderAsync(world, PaymentMethods.NoCharge);
        await world.ShipAsync(free.Id, "LOC-L1");
        var paid = await world.OrderAsync(PaymentMethods.Invoice, 0, ("L9", "SKU-9", 1));
        await world.ShipAsync(paid.Id, "LOC-L9");
        var follower = world.Follower();

        Assert.True(await follower.RunOnceAsync(None) > 0);
        Assert.Equal(0, await follower.RunOnceAsync(None));

        var invoice = Assert.Single(await world.DocumentsAsync());
        Assert.Equal(paid.Id, invoice.OrderId);
    }
}

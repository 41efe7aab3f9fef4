using Microsoft.Extensions.Logging.Abstractions;
using Sourcing.Orders.Billing;
using Sourcing.Orders.Billing.Capture;
using Sourcing.Orders.Billing.Invoicing;
using Sourcing.Orders.Storage.InMemory;
using Sourcing.Orders.Tests.Lifecycle;

namespace Sourcing.Orders.Tests.Billing.Invoicing;

/// <summary>The order world (real lifecycle over the in-memory order store) plus the in-memory billing store and invoicing.</summary>
internal sealed class BillingWorld
{
    public static readonly CancellationToken None = CancellationToken.None;

    public OrderWorld Orders { get; } = new();

    public IBillingStore Billing { get; set; } = new InMemoryBillingStore();

    public BillingOptions Options { get; } = InvoicingTestData.Options();

    public InvoicingService Invoicing => new(Billing, Orders.Store, Options, Orders.Clock, NullLogger<InvoicingService>.Instance);

    public PaymentResultService Results => new(Billing, Orders.Lifecycle, Options, Orders.Clock, NullLogger<PaymentResultService>.Instance);

    public PaymentHoldFollower HoldFollower() => new(Billing, Orders.Lifecycle, NullLogger<PaymentHoldFollower>.Instance);

    public ShipmentInvoicingFollower Follower() => new(Orders.Store, Billing, Invoicing, NullLogger<ShipmentInvoicingFollower>.Instance);

    private int _orders;

    /// <summary>An order of lines (10.00 EUR gross, 19 %), each line stocked and allocated at its own location "LOC-{line id}", so each ships separately.</summary>
    public async Task<Order> OrderAsync(string paymentMethod, long shippingMinor = 0, params (string LineId, string Sku, int Quantity)[] lines)
    {
        var requestId = $"r-{++_orders}";
        var command = Orders.Command(requestId, lines);
        command.Order.PaymentMethod = paymentMethod;
        command.Order.PaymentReference = "AUTH-" + requestId;
        command.Order.MandateReference = "MANDATE-" + requestId;
        command.Order.ShippingChargeMinor = shippingMinor;
        command.Order.Customer.Email = "kim@example.com";
        foreach (var line in command.Order.Lines)
        {
            Orders.Inventory.Stock(line.Sku, "LOC-" + line.LineId, line.Quantity);
        }

        return await Orders.Lifecycle.CreateAsync(command, "web-shop", None);
    }

    /// <summary>Ships everything the fulfilment order at the location has left.</summary>
    public async Task<Shipment> ShipAsync(string orderId, string locationId)
    {
        var order = await Orders.GetAsync(orderId);
        var fulfilment = order.Document.FulfilmentOrders.Single(f => f.LocationId == locationId && f.Remaining > 0);
        var (_, shipment) = await Orders.Lifecycle.ConfirmShipmentAsync(OrderWorld.As(orderId), fulfilment.Id, "DHL", "T-" + fulfilment.Id,
            fulfilment.Lines.Where(l => l.Remaining > 0).Select(l => new LineQuantity(l.LineId, l.Remaining)).ToList(), None);
        return shipment;
    }

    /// <summary>An invoice-paid order of one line (quantity units, 10.00 each) shipped and invoiced.</summary>
    public async Task<BillingDocument> InvoicedAsync(string paymentMethod, int quantity = 3, long shippingMinor = 0)
    {
        var order = await OrderAsync(paymentMethod, shippingMinor, ("L1", "SKU-1", quantity));
        await ShipAsync(order.Id, "LOC-L1");
        return Assert.Single(await Invoicing.IssueForOrderAsync(order.Id, None));
    }

    /// <summary>Money the provider captured, booked onto the invoice the way a capture result books it.</summary>
    public async Task CapturedAsync(BillingDocument invoice, long amountMinor)
    {
        await Billing.ChangeAccountsAsync([invoice.CustomerId], new AccountLoad([invoice.Id], []), account =>
        {
            var payment = new Payment
            {
                Id = DocumentIds.NewPaymentId(), CustomerId = invoice.CustomerId, Currency = invoice.Currency, AmountMinor = amountMinor,
                UnallocatedMinor = amountMinor, Source = PaymentSource.Capture, ExternalReference = "capture:" + Guid.NewGuid().ToString("N"), OrderId = invoice.OrderId,
            };
            account.AddPayment(payment);
            return AccountPostings.Allocate(account, payment, account.Items.Single(i => i.InvoiceId == invoice.Id), amountMinor, "test", Orders.Clock.GetUtcNow(), new DateOnly(2026, 3, 1));
        }, None);
    }

    public async Task<OpenItem?> ItemAsync(string invoiceId, string customerId = "C-1") =>
        (await Billing.GetAccountAsync(customerId, None))?.Items.SingleOrDefault(i => i.InvoiceId == invoiceId);

    public async Task<IReadOnlyList<BillingEvent>> EventsAsync(string? type = null) =>
        (await Billing.ReadFeedAsync(0, 10_000, type is null ? null : new HashSet<string> { type }, None)).Select(e => e.Event).ToList();

    public async Task<IReadOnlyList<BillingDocument>> DocumentsAsync(string customerId = "C-1") =>
        await Billing.ListDocumentsAsync(customerId, null, 1000, None);

    /// <summary>Σ invoices − Σ credits − Σ allocations = Σ open amounts, and no payment over-allocated.</summary>
    public async Task AssertLedgerBalancesAsync(string customerId = "C-1")
    {
        foreach (var totals in await Billing.GetLedgerTotalsAsync(customerId, None))
        {
            Assert.Equal(totals.InvoicedMinor - totals.CreditedMinor - totals.AllocatedMinor, totals.OpenItemsMinor);
            Assert.Equal(0, totals.OverAllocatedPayments);
        }
    }
}

using Microsoft.Extensions.Options;
using Sourcing.Orders;
using Sourcing.Orders.Billing.Invoicing;

namespace Sourcing.Service.Demo;

/// <summary>
/// With the demo data: one web order of customer C-3003, sourced, shipped, invoiced and delivered, so the
/// README's returns walk has something to return on a fresh embedded service. It goes through the order lifecycle like
/// any order (the optimizer picks where it ships from).
/// </summary>
public sealed partial class DemoReturnSeeder(
    OrderLifecycle lifecycle, IOrderStore orders, InvoicingService invoicing, TimeProvider clock, IOptions<DemoDataOptions> options, ILogger<DemoReturnSeeder> logger)
    : IHostedService
{
    public const string CustomerId = "C-3003";
    public const string ExternalOrderNumber = "WEB-3003";
    private const string RequestId = "demo-return-order";
    private const string Actor = "demo data";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Seed != true)
        {
            return;
        }

        var order = await lifecycle.CreateAsync(new CreateOrderCommand(RequestId, RequestId, Document()), Actor, cancellationToken);
        if (order.Document.Shipments.Count > 0)
        {
            // Seeded by an earlier start (the demo network in Redis, orders in PostgreSQL): the same request found it.
            return;
        }

        foreach (var fulfilment in order.Document.FulfilmentOrders.ToList())
        {
            var context = new OrderCommandContext(order.Document.OrderId, Actor, null);
            await lifecycle.AcceptFulfilmentAsync(context, fulfilment.Id, cancellationToken);
            var lines = fulfilment.Lines.Select(l => new LineQuantity(l.LineId, l.Quantity)).ToList();
            var (_, shipment) = await lifecycle.ConfirmShipmentAsync(context, fulfilment.Id, "DHL", "JJD-DEMO-" + fulfilment.LocationId, lines, cancellationToken);
            await lifecycle.RecordDeliveryAsync(context, shipment.Id, true, clock.GetUtcNow().AddMinutes(-1), "delivered to the customer", cancellationToken);
        }

        await invoicing.IssueForOrderAsync(order.Document.OrderId, cancellationToken);
        var delivered = await orders.GetAsync(order.Document.OrderId, cancellationToken);
        LogSeeded(logger, ExternalOrderNumber, order.Document.OrderId, delivered?.Status.ToString() ?? "missing");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private OrderDocument Document()
    {
        var address = new PostalAddress { Name = "Lena Vogel", Street = "Schönhauser Allee 10", PostalCode = "10119", City = "Berlin", Country = "DE" };
        return new OrderDocument
        {
            OrderId = "O-" + Guid.CreateVersion7().ToString("N"),
            Channel = "web",
            ExternalOrderNumber = ExternalOrderNumber,
            Customer = new OrderCustomer { Id = CustomerId, Segment = "consumer", Email = "lena@example.org" },
            ShippingAddress = address,
            BillingAddress = address,
            Latitude = 52.5323,
            Longitude = 13.4115,
            Currency = "EUR",
            DeliveryMethod = "standard",
            ShippingChargeMinor = 495,
            PaymentMethod = "card",
            PaymentReference = "psp-demo-3003",
            PaymentProvider = "adyen",
            AuthorisedMinor = 2 * 3499 + 2999 + 495,
            FraudScore = 5,
            PlacedAt = clock.GetUtcNow().AddMinutes(-5),
            Lines =
            [
                new OrderLine { LineId = "1", Sku = "JACKET-RAIN-M", Quantity = 2, UnitPriceMinor = 3499, TaxRateBasisPoints = 1900, WeightGrams = 600, Category = "apparel" },
                new OrderLine { LineId = "2", Sku = "LAMP-HEAD-400", Quantity = 1, UnitPriceMinor = 2999, TaxRateBasisPoints = 1900, WeightGrams = 150, Category = "outdoor" },
            ],
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo returns data: web order {ExternalOrderNumber} ({OrderId}) shipped and delivered, status {Status}")]
    private static partial void LogSeeded(ILogger logger, string externalOrderNumber, string orderId, string status);
}

using Microsoft.Extensions.Options;
using Sourcing.Orders;
using Sourcing.Orders.Billing.Invoicing;
using Sourcing.Orders.Customers;

namespace Sourcing.Service.Demo;

/// <summary>
/// With the demo data: Anna Schmidt ordered three times through three channels, each knowing her by something else —
/// the web shop by her account, the Berlin store's till by her loyalty card, the call centre by her phone number — so
/// the directory registered three customers. The README's customers walk has an agent find them by a misspelt name,
/// merge them and read the one overview Anna then sees with her own token. The web order is delivered and invoiced;
/// the other two wait in fulfilment. Every order goes through the order lifecycle like any order.
/// </summary>
public sealed partial class DemoCustomerSeeder(
    OrderLifecycle lifecycle, InvoicingService invoicing, TimeProvider clock, IOptions<DemoDataOptions> options, ILogger<DemoCustomerSeeder> logger)
    : IHostedService
{
    public const string WebAccount = "anna.schmidt";
    public const string LoyaltyCard = "LC-200417";
    public const string Phone = "+49 30 5550123";
    private const string Actor = "demo data";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Seed != true)
        {
            return;
        }

        var web = await CreateAsync("demo-customer-web", "web", "WEB-4001", new OrderCustomerIdentity(IdentityKind.Account, WebAccount),
            "anna.schmidt@example.org", "", "TENT-2P", 12999, cancellationToken);
        await CreateAsync("demo-customer-store", "store", "POS-4002", new OrderCustomerIdentity(IdentityKind.LoyaltyCard, LoyaltyCard),
            "", "", "BOTTLE-STEEL-1L", 1999, cancellationToken);
        await CreateAsync("demo-customer-call", "callcenter", "CC-4003", new OrderCustomerIdentity(IdentityKind.Phone, Phone),
            "", Phone, "BACKPACK-30L", 7999, cancellationToken);

        if (web.Document.Shipments.Count == 0)
        {
            foreach (var fulfilment in web.Document.FulfilmentOrders.ToList())
            {
                var context = new OrderCommandContext(web.Document.OrderId, Actor, null);
                await lifecycle.AcceptFulfilmentAsync(context, fulfilment.Id, cancellationToken);
                var lines = fulfilment.Lines.Select(l => new LineQuantity(l.LineId, l.Quantity)).ToList();
                var (_, shipment) = await lifecycle.ConfirmShipmentAsync(context, fulfilment.Id, "DHL", "JJD-DEMO-4001", lines, cancellationToken);
                await lifecycle.RecordDeliveryAsync(context, shipment.Id, true, clock.GetUtcNow().AddMinutes(-1), "delivered to the customer", cancellationToken);
            }

            await invoicing.IssueForOrderAsync(web.Document.OrderId, cancellationToken);
        }

        LogSeeded(logger, web.Document.Customer.Id);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private Task<Order> CreateAsync(
        string requestId, string channel, string number, OrderCustomerIdentity identity, string email, string phone, string sku, long priceMinor, CancellationToken cancellationToken)
    {
        var address = new PostalAddress { Name = "Anna Schmidt", Street = "Kastanienallee 12", PostalCode = "10435", City = "Berlin", Country = "DE" };
        var document = new OrderDocument
        {
            OrderId = "O-" + Guid.CreateVersion7().ToString("N"),
            Channel = channel,
            ExternalOrderNumber = number,
            Customer = new OrderCustomer { Segment = "consumer", Email = email, Phone = phone },
            ShippingAddress = address,
            BillingAddress = address,
            Latitude = 52.5386,
            Longitude = 13.4105,
            Currency = "EUR",
            DeliveryMethod = "standard",
            ShippingChargeMinor = 495,
            PaymentMethod = "card",
            PaymentReference = "psp-" + requestId,
            PaymentProvider = "adyen",
            AuthorisedMinor = priceMinor + 495,
            FraudScore = 5,
            PlacedAt = clock.GetUtcNow().AddMinutes(-5),
            Lines = [new OrderLine { LineId = "1", Sku = sku, Quantity = 1, UnitPriceMinor = priceMinor, TaxRateBasisPoints = 1900, WeightGrams = 900, Category = "outdoor" }],
        };
        return lifecycle.CreateAsync(new CreateOrderCommand(requestId, requestId, document, identity), Actor, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo customers data: Anna Schmidt's web, store and call-centre orders (web customer {CustomerId})")]
    private static partial void LogSeeded(ILogger logger, string customerId);
}

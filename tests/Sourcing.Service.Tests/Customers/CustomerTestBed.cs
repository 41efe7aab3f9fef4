using Google.Protobuf.WellKnownTypes;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.Service.Tests.Orders;
using Sourcing.Service.Tests.Returns;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Customers;

/// <summary>
/// The return test bed (real host, real Redis stock, the shipped rules, orders, billing and customers in a fresh
/// PostgreSQL database unless asked for memory, a fake clock) with CustomerService clients for each kind of caller:
/// a service agent, operations, finance, store staff, the web shop, the Berlin store's POS and the call centre as
/// channels (each with an OrderService client), and customer tokens made on demand.
/// </summary>
internal sealed class CustomerTestBed : IAsyncDisposable
{
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromDays(365);

    private CustomerTestBed(ReturnTestBed returns)
    {
        Returns = returns;
        Agent = Client(TestTokens.For("agent-anna", ["service-agent"], lifetime: TokenLifetime));
        Admin = Client(TestTokens.For("ops", ["operations-admin"], lifetime: TokenLifetime));
        Finance = Client(TestTokens.For("clerk-fiona", ["finance"], lifetime: TokenLifetime));
        StoreStaff = Client(TestTokens.For("staff-berlin", ["store-staff"], locations: ["ST-BERLIN"], lifetime: TokenLifetime));
        WebCustomers = Client(TestTokens.For("web-shop", ["channel"], channels: ["web"], lifetime: TokenLifetime));
        WebOrders = OrderClient(TestTokens.For("web-shop", ["channel"], channels: ["web"], lifetime: TokenLifetime));
        StoreOrders = OrderClient(TestTokens.For("pos-berlin", ["channel"], channels: ["store"], lifetime: TokenLifetime));
        CallCentreOrders = OrderClient(TestTokens.For("call-centre", ["channel"], channels: ["call-centre"], lifetime: TokenLifetime));
        Audit = new AuditService.AuditServiceClient(Host.ChannelFor(TestTokens.For("ops", ["operations-admin"], lifetime: TokenLifetime)));
    }

    public ReturnTestBed Returns { get; }

    public SourcingHost Host => Returns.Host;

    public CustomerService.CustomerServiceClient Agent { get; }

    public CustomerService.CustomerServiceClient Admin { get; }

    public CustomerService.CustomerServiceClient Finance { get; }

    public CustomerService.CustomerServiceClient StoreStaff { get; }

    public CustomerService.CustomerServiceClient WebCustomers { get; }

    public OrderService.OrderServiceClient WebOrders { get; }

    public OrderService.OrderServiceClient StoreOrders { get; }

    public OrderService.OrderServiceClient CallCentreOrders { get; }

    public AuditService.AuditServiceClient Audit { get; }

    /// <summary>The return test bed, its locations also selling to the store's till and the call centre.</summary>
    public static async Task<CustomerTestBed> StartAsync(RedisFixture redis, bool inMemory = false)
    {
        var bed = new CustomerTestBed(await ReturnTestBed.StartAsync(redis, inMemory));
        foreach (var id in new[] { "ST-BERLIN", "ST-POTSDAM", "WH-FRANKFURT", "WH-MUNICH" })
        {
            var location = await bed.Host.Locations.GetLocationAsync(new GetLocationRequest { Id = id });
            location.Channels.Add(new[] { "store", "call-centre" }.Except(location.Channels));
            await bed.Host.Locations.UpsertLocationAsync(new UpsertLocationRequest { Location = location });
        }

        return bed;
    }

    /// <summary>The customer's own token (role customer, subject = the customer id).</summary>
    public CustomerService.CustomerServiceClient CustomerClient(string customerId) =>
        Client(TestTokens.For(customerId, ["customer"], lifetime: TokenLifetime));

    /// <summary>
    /// The order test bed's order (two tents, one stove to Berlin, by card) from <paramref name="channel"/>, naming its
    /// customer by an identity only, with the customer's name, e-mail and phone on it.
    /// </summary>
    public static CreateOrderRequest OrderFor(string requestId, string channel, IdentityKind kind, string identity, string name, string email, string phone, string street)
    {
        var request = OrderTestBed.NewOrder(requestId);
        request.Channel = channel;
        request.ExternalOrderNumber = channel.ToUpperInvariant() + "-" + requestId;
        request.Customer = new OrderCustomer
        {
            Segment = "consumer", Email = email, Phone = phone, Identity = new OrderCustomerIdentity { Kind = kind, Value = identity },
        };
        request.ShippingAddress = new PostalAddress { Name = name, Street = street, PostalCode = "10117", City = "Berlin", Country = "DE" };
        request.BillingAddress = request.ShippingAddress.Clone();
        request.Payment = new OrderPayment { Method = "card", Reference = "auth-" + requestId, Provider = "adyen", AuthorisedMinor = 32492 };
        request.PlacedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-1));
        return request;
    }

    /// <summary>Ships the order's only fulfilment order in full from the Berlin store, and the carrier delivers it.</summary>
    public async Task<Order> ShipAndDeliverAsync(Order order)
    {
        var fulfilment = Assert.Single(order.FulfilmentOrders);
        Assert.Equal("ST-BERLIN", fulfilment.LocationId);
        await Returns.BerlinOrders.AcceptFulfilmentOrderAsync(new FulfilmentOrderRequest { OrderId = order.OrderId, FulfilmentOrderId = fulfilment.FulfilmentOrderId });
        var shipped = await Returns.BerlinOrders.ConfirmShipmentAsync(new ConfirmShipmentRequest
        {
            OrderId = order.OrderId, FulfilmentOrderId = fulfilment.FulfilmentOrderId, Carrier = "DHL", TrackingNumber = "JJD-" + order.ExternalOrderNumber,
            Lines = { fulfilment.Lines.Select(l => new LineQuantity { LineId = l.LineId, Quantity = l.Remaining }) },
        });
        return await Returns.AdminOrders.RecordDeliveryEventAsync(new RecordDeliveryEventRequest
        {
            OrderId = order.OrderId, ShipmentId = shipped.ShipmentId, Outcome = DeliveryOutcome.Delivered,
            OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-1)), Detail = "handed over",
        });
    }

    /// <summary>The order's invoice, once the shipment follower has issued it (or fails after 20 s).</summary>
    public async Task<BillingDocument> InvoiceAsync(string orderId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var documents = await Returns.FinanceBilling.ListDocumentsAsync(new ListDocumentsRequest { OrderId = orderId, Kind = BillingDocumentKind.Invoice });
            if (documents.Documents.Count > 0)
            {
                return Assert.Single(documents.Documents);
            }

            Assert.True(DateTime.UtcNow < deadline, "no invoice was issued for " + orderId);
            await Task.Delay(100);
        }
    }

    private CustomerService.CustomerServiceClient Client(string token) => new(Host.ChannelFor(token));

    private OrderService.OrderServiceClient OrderClient(string token) => new(Host.ChannelFor(token));

    public ValueTask DisposeAsync() => Returns.DisposeAsync();
}

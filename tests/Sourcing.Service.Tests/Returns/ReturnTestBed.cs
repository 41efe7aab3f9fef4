using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sourcing.Service.Tests.Billing;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.Service.Tests.Orders;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Returns;

/// <summary>
/// The billing test bed (real host, real Redis stock, the shipped rules including rules/returns.json, orders and
/// billing in a fresh PostgreSQL database unless asked for memory) on a fake clock the stories move forward, with
/// ReturnService clients for each kind of caller. Tokens live for a year so the clock can be moved by weeks.
/// </summary>
internal sealed class ReturnTestBed : IAsyncDisposable
{
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromDays(365);

    private ReturnTestBed(BillingTestBed billing, FakeTimeProvider clock)
    {
        Billing = billing;
        Clock = clock;
        Web = Client(TestTokens.For("web-shop", ["channel"], channels: ["web"], lifetime: TokenLifetime));
        WebOrders = new OrderService.OrderServiceClient(Host.ChannelFor(TestTokens.For("web-shop", ["channel"], channels: ["web"], lifetime: TokenLifetime)));
        Marketplace = Client(TestTokens.For("marketplace", ["channel"], channels: ["marketplace"], lifetime: TokenLifetime));
        Agent = Client(TestTokens.For("agent-anna", ["service-agent"], lifetime: TokenLifetime));
        Finance = Client(TestTokens.For("clerk-fiona", ["finance"], lifetime: TokenLifetime));
        BerlinStore = Client(TestTokens.For("staff-berlin", ["store-staff"], locations: ["ST-BERLIN"], lifetime: TokenLifetime));
        PotsdamStore = Client(TestTokens.For("staff-potsdam", ["store-staff"], locations: ["ST-POTSDAM"], lifetime: TokenLifetime));
        FrankfurtWms = Client(TestTokens.For("wms-frankfurt", ["stock-feed"], locations: ["WH-FRANKFURT"], lifetime: TokenLifetime));
        Customer1 = Client(TestTokens.For("cust-1", ["customer"], lifetime: TokenLifetime));
        Customer2 = Client(TestTokens.For("cust-2", ["customer"], lifetime: TokenLifetime));
        var admin = TestTokens.For("ops", ["operations-admin"], lifetime: TokenLifetime);
        Admin = Client(admin);
        AdminOrders = new OrderService.OrderServiceClient(Host.ChannelFor(admin));
        FinanceBilling = Billing.BillingClient(TestTokens.For("clerk-fiona", ["finance"], lifetime: TokenLifetime));
        BerlinOrders = new OrderService.OrderServiceClient(Host.ChannelFor(TestTokens.For("staff-berlin", ["store-staff"], locations: ["ST-BERLIN"], lifetime: TokenLifetime)));
        FrankfurtOrders = new OrderService.OrderServiceClient(Host.ChannelFor(TestTokens.For("wms-frankfurt", ["stock-feed"], locations: ["WH-FRANKFURT"], lifetime: TokenLifetime)));
    }

    public BillingTestBed Billing { get; }

    public FakeTimeProvider Clock { get; }

    public SourcingHost Host => Billing.Orders.Host;

    public ReturnService.ReturnServiceClient Web { get; }

    public OrderService.OrderServiceClient WebOrders { get; }

    public ReturnService.ReturnServiceClient Marketplace { get; }

    public ReturnService.ReturnServiceClient Agent { get; }

    public ReturnService.ReturnServiceClient Finance { get; }

    public ReturnService.ReturnServiceClient BerlinStore { get; }

    public ReturnService.ReturnServiceClient PotsdamStore { get; }

    public ReturnService.ReturnServiceClient FrankfurtWms { get; }

    public ReturnService.ReturnServiceClient Customer1 { get; }

    public ReturnService.ReturnServiceClient Customer2 { get; }

    public ReturnService.ReturnServiceClient Admin { get; }

    public OrderService.OrderServiceClient AdminOrders { get; }

    public OrderService.OrderServiceClient BerlinOrders { get; }

    public OrderService.OrderServiceClient FrankfurtOrders { get; }

    public BillingService.BillingServiceClient FinanceBilling { get; }

    /// <param name="ordersDatabase">A database of a PostgreSQL server the test owns (to stall or kill it); null: a fresh one of the shared server.</param>
    /// <param name="services">Replaces services after the app's own registration (e.g. to wrap a port).</param>
    public static async Task<ReturnTestBed> StartAsync(
        RedisFixture redis, bool inMemory = false, string? ordersDatabase = null, Action<IServiceCollection>? services = null)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var settings = BillingTestBed.Settings();
        if (ordersDatabase is not null)
        {
            settings["Orders:ConnectionString"] = ordersDatabase;
            settings["Orders:ApplyMigrations"] = "true";
        }

        var orders = await OrderTestBed.StartAsync(redis, inMemory || ordersDatabase is not null, services: s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            services?.Invoke(s);
        }, more: settings);
        return new ReturnTestBed(new BillingTestBed(orders), clock);
    }

    /// <summary>
    /// A web order by card (the order test bed's two tents and a stove, changed by <paramref name="change"/>), shipped in
    /// full from the Berlin store and invoiced.
    /// </summary>
    public async Task<Order> ShippedOrderAsync(string requestId, Action<CreateOrderRequest>? change = null)
    {
        var request = BillingTestBed.NewOrder(requestId, "card");
        change?.Invoke(request);
        var order = await WebOrders.CreateOrderAsync(request);
        var fulfilment = Assert.Single(order.FulfilmentOrders);
        await BerlinOrders.AcceptFulfilmentOrderAsync(new FulfilmentOrderRequest { OrderId = order.OrderId, FulfilmentOrderId = fulfilment.FulfilmentOrderId });
        await BerlinOrders.ConfirmShipmentAsync(new ConfirmShipmentRequest
        {
            OrderId = order.OrderId, FulfilmentOrderId = fulfilment.FulfilmentOrderId, Carrier = "DHL", TrackingNumber = "JJD-" + requestId,
            Lines = { fulfilment.Lines.Select(l => new LineQuantity { LineId = l.LineId, Quantity = l.Remaining }) },
        });
        return await AdminOrders.GetOrderAsync(new GetOrderRequest { OrderId = order.OrderId });
    }

    /// <summary>Only the stove line (49.99 € + 4.95 € shipping): an order under 200.00 € the policy replaces ahead.</summary>
    public static void StoveOnly(CreateOrderRequest request) => request.Lines.RemoveAt(0);

    public static AuthoriseReturnRequest Authorise(string requestId, string orderId, ReturnKind kind, params ReturnLineRequest[] lines) => new()
    {
        RequestId = requestId,
        OrderId = orderId,
        Kind = kind,
        RequestedVia = "web",
        RefundDestination = RefundDestination.OriginalPayment,
        Lines = { lines },
    };

    public static ReturnLineRequest Line(string lineId, int quantity, ReturnReason reason = ReturnReason.DoesNotFit) =>
        new() { LineId = lineId, Quantity = quantity, Reason = reason, ReasonText = "customer says: " + reason };

    public static ReceiveReturnRequest Receive(string requestId, Return rma, string locationId, UnitGrade grade = UnitGrade.Resellable) => new()
    {
        Return = rma.Number,
        RequestId = requestId,
        LocationId = locationId,
        Units = { rma.Lines.Select(l => new ReceivedUnitsInput { LineId = l.LineId, Grade = grade, Quantity = l.Authorised - l.Received, Note = "inspected" }) },
    };

    public async Task<long> AvailableAsync(string sku, string location)
    {
        var response = await Host.Inventory.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { sku }, LocationIds = { location } });
        return response.Skus[0].Locations.SingleOrDefault(l => l.LocationId == location)?.Available ?? 0;
    }

    /// <summary>Reads the return until <paramref name="done"/> holds (background work finishing), or fails after 20 s.</summary>
    public async Task<Return> EventuallyAsync(string returnRef, Func<Return, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var rma = await Admin.GetReturnAsync(new GetReturnRequest { Return = returnRef });
            if (done(rma))
            {
                return rma;
            }

            Assert.True(DateTime.UtcNow < deadline, "the return did not reach the expected state: " + rma);
            await Task.Delay(100);
        }
    }

    private ReturnService.ReturnServiceClient Client(string token) => new(Host.ChannelFor(token));

    public ValueTask DisposeAsync() => Billing.DisposeAsync();
}

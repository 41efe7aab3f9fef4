using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Orders;

/// <summary>
/// The real host with token validation, the test network (two warehouses, two stores), the shipped rules, and one
/// OrderService client per kind of caller: the web shop, the marketplace, a service agent, the Berlin store's staff,
/// the Frankfurt warehouse's WMS and an operations admin.
/// </summary>
internal sealed class OrderTestBed : IAsyncDisposable
{
    public const string Tent = "TENT-2P";
    public const string Stove = "STOVE-GAS";

    /// <summary>
    /// A fresh operations-admin token on each read: many test classes use it over a run that can outlast a token's
    /// 10 minute lifetime on a busy machine, so one token made when the first of them started would expire under the last.
    /// </summary>
    public static string AdminToken => TestTokens.For("ops", ["operations-admin"]);

    private OrderTestBed(SourcingHost host)
    {
        Host = host;
        Web = Client(TestTokens.For("web-shop", ["channel"], channels: ["web"]));
        Marketplace = Client(TestTokens.For("marketplace", ["channel"], channels: ["marketplace"]));
        Agent = Client(TestTokens.For("agent-anna", ["service-agent"]));
        BerlinStore = Client(TestTokens.For("staff-berlin", ["store-staff"], locations: ["ST-BERLIN"]));
        PotsdamStore = Client(TestTokens.For("staff-potsdam", ["store-staff"], locations: ["ST-POTSDAM"]));
        FrankfurtWms = Client(TestTokens.For("wms-frankfurt", ["stock-feed"], locations: ["WH-FRANKFURT"]));
        Admin = Client(AdminToken);
    }

    public SourcingHost Host { get; }

    public OrderService.OrderServiceClient Web { get; }

    public OrderService.OrderServiceClient Marketplace { get; }

    public OrderService.OrderServiceClient Agent { get; }

    public OrderService.OrderServiceClient BerlinStore { get; }

    public OrderService.OrderServiceClient PotsdamStore { get; }

    public OrderService.OrderServiceClient FrankfurtWms { get; }

    public OrderService.OrderServiceClient Admin { get; }

    /// <summary>
    /// A host with the network and 10 tents and 10 stoves at the Berlin store and the Frankfurt warehouse; orders in a
    /// fresh PostgreSQL database (migrated at start, as <c>Orders:ApplyMigrations</c> does), or in memory when asked.
    /// </summary>
    /// <param name="services">Replaces services of the host (a fake port, say).</param>
    /// <param name="more">Further host settings (e.g. credit limits for billing tests).</param>
    public static Task<OrderTestBed> StartAsync(
        RedisFixture redis, bool ordersInMemory = false, Action<IServiceCollection>? services = null, IReadOnlyDictionary<string, string?>? more = null) =>
        StartAsync(redis.Server.Endpoint, ordersInMemory, services, more);

    /// <inheritdoc cref="StartAsync(RedisFixture, bool, Action{IServiceCollection}?, IReadOnlyDictionary{string, string?}?)"/>
    /// <param name="redisEndpoint">The Redis to use: one server's endpoint or a cluster's configuration string.</param>
    public static async Task<OrderTestBed> StartAsync(
        string redisEndpoint, bool ordersInMemory = false, Action<IServiceCollection>? services = null, IReadOnlyDictionary<string, string?>? more = null)
    {
        var settings = TestTokens.HostSettings();
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        if (!ordersInMemory)
        {
            settings["Orders:ConnectionString"] = await SharedPostgres.NewDatabaseAsync();
            settings["Orders:ApplyMigrations"] = "true";
        }

        var bed = new OrderTestBed(new SourcingHost(redisEndpoint, settings, services) { DefaultToken = AdminToken });
        await TestNetwork.AddAsync(bed.Host);
        foreach (var sku in new[] { Tent, Stove })
        {
            await TestNetwork.Stock(bed.Host, sku, "ST-BERLIN", 10);
            await TestNetwork.Stock(bed.Host, sku, "WH-FRANKFURT", 10);
        }

        return bed;
    }

    /// <summary>A web order to Berlin: two tents (line T) and one stove (line S), paid by card.</summary>
    public static CreateOrderRequest NewOrder(string requestId, int fraudScore = 10) => new()
    {
        RequestId = requestId,
        Channel = "web",
        ExternalOrderNumber = "WEB-" + requestId,
        ChannelReferences = { ["cart"] = "c-" + requestId },
        Customer = new OrderCustomer { Id = "cust-1", Segment = "consumer", Email = "kim@example.org", Phone = "+49 30 1234567" },
        ShippingAddress = new PostalAddress { Name = "Kim Meyer", Street = "Unter den Linden 1", PostalCode = "10117", City = "Berlin", Country = "DE" },
        BillingAddress = new PostalAddress { Name = "Kim Meyer", Street = "Unter den Linden 1", PostalCode = "10117", City = "Berlin", Country = "DE" },
        Coordinates = new GeoPoint { Latitude = 52.5170, Longitude = 13.3889 },
        Currency = "EUR",
        Lines =
        {
            new OrderLineInput { LineId = "T", Sku = Tent, Quantity = 2, UnitPriceMinor = 12999, TaxRateBasisPoints = 1900, WeightGrams = 2300, Category = "outdoor" },
            new OrderLineInput { LineId = "S", Sku = Stove, Quantity = 1, UnitPriceMinor = 4999, TaxRateBasisPoints = 1900, WeightGrams = 800, Category = "outdoor" },
        },
        Delivery = new OrderDelivery { Method = DeliveryMethod.Standard },
        ShippingChargeMinor = 495,
        Payment = new OrderPayment { Method = "card", Reference = "psp-" + requestId },
        FraudScore = fraudScore,
        PlacedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-1)),
    };

    public async Task<StockLevel> StockAsync(string sku, string location)
    {
        var response = await Host.Inventory.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { sku }, LocationIds = { location } });
        return response.Skus[0].Locations.SingleOrDefault(l => l.LocationId == location) ?? new StockLevel { Sku = sku, LocationId = location };
    }

    public static int UnitsIn(OrderLineDetail line, LineState state) => line.States.Where(s => s.State == state).Sum(s => s.Quantity);

    public static OrderLineDetail Line(Order order, string lineId) => order.Lines.Single(l => l.LineId == lineId);

    private OrderService.OrderServiceClient Client(string token) => new(Host.ChannelFor(token));

    public ValueTask DisposeAsync()
    {
        Host.Dispose();
        return ValueTask.CompletedTask;
    }
}

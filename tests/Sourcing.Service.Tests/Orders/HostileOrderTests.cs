using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Orders;

/// <summary>
/// OrderService as an outsider attacks it, through the real host with real PostgreSQL and Redis: input crafted to get
/// past the checks and into the database, where a refusal would surface as an unexplained fault.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class HostileOrderTests(RedisFixture redis)
{
    [Theory]
    [InlineData("O-\u0000")]
    [InlineData("O-1\n")]
    [InlineData("O-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public async Task ListOrders_PageTokenForgedWithAnOrderIdNoOrderCanHave_IsInvalidArgumentNamingPageToken(string orderId)
    {
        await using var bed = await OrderTestBed.StartAsync(redis);
        var order = await bed.Web.CreateOrderAsync(OrderTestBed.NewOrder("forged-token"));

        // A token is base64url of "<creation ticks>|<order id>": anyone can make one, with any id in it. PostgreSQL
        // refuses NUL in text outright, so such an id must be refused before it reaches a query.
        var ticks = DateTimeOffset.UtcNow.UtcTicks.ToString(CultureInfo.InvariantCulture);
        var forged = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(ticks + "|" + orderId));

        await RpcAssert.InvalidArgumentAsync("page_token", () => bed.Web.ListOrdersAsync(new ListOrdersRequest { PageToken = forged }).ResponseAsync);
        await RpcAssert.InvalidArgumentAsync("page_token", () => bed.Agent.ListOrdersAsync(new ListOrdersRequest { PageToken = forged }).ResponseAsync);
        Assert.Equal(order.OrderId, Assert.Single((await bed.Web.ListOrdersAsync(new ListOrdersRequest())).Orders).OrderId);
    }

    [Fact]
    public async Task RejectFulfilmentLines_OrderChangedWhileTheRejectedUnitsAreSourced_AnswersWithTheOrderNotAborted()
    {
        var settings = TestTokens.HostSettings();
        settings["Orders:ConnectionString"] = await SharedPostgres.NewDatabaseAsync();
        settings["Orders:ApplyMigrations"] = "true";
        GatedProposals? gate = null;
        using var host = new SourcingHost(redis.Server.Endpoint, settings, services => services.Replace(ServiceDescriptor.Singleton<global::Sourcing.Orders.IOrderSourcing>(
            provider => gate = new GatedProposals(ActivatorUtilities.CreateInstance<global::Sourcing.Service.Orders.OrderSourcingGateway>(provider)))))
        {
            DefaultToken = OrderTestBed.AdminToken,
        };
        await TestNetwork.AddAsync(host);
        foreach (var location in new[] { "ST-BERLIN", "WH-FRANKFURT" })
        {
            await TestNetwork.Stock(host, OrderTestBed.Tent, location, 10);
            await TestNetwork.Stock(host, OrderTestBed.Stove, location, 10);
        }

        var web = new OrderService.OrderServiceClient(host.ChannelFor(TestTokens.For("web-shop", ["channel"], channels: ["web"])));
        var agent = new OrderService.OrderServiceClient(host.ChannelFor(TestTokens.For("agent-anna", ["service-agent"])));
        var berlin = new OrderService.OrderServiceClient(host.ChannelFor(TestTokens.For("staff-berlin", ["store-staff"], locations: ["ST-BERLIN"])));
        var order = await web.CreateOrderAsync(OrderTestBed.NewOrder("changed-meanwhile"));
        var fulfilment = Assert.Single(order.FulfilmentOrders);
        Assert.Equal("ST-BERLIN", fulfilment.LocationId);

        // The store rejects one tent; while the service decides where that tent comes from instead, an agent cancels
        // the stove. The rejection was saved before the cancel: it happened, and its caller must be told so. ABORTED
        // would tell the store to send it again, and a second rejection would give up the other tent too.
        Assert.NotNull(gate);
        gate.Arm();
        var reject = berlin.RejectFulfilmentLinesAsync(new RejectFulfilmentLinesRequest
        {
            OrderId = order.OrderId, FulfilmentOrderId = fulfilment.FulfilmentOrderId, Reason = "damaged",
            Lines = { new LineQuantity { LineId = "T", Quantity = 1 } },
        }).ResponseAsync;
        await gate.Reached.WaitAsync(TimeSpan.FromSeconds(30));
        await agent.CancelOrderAsync(new CancelOrderRequest { OrderId = order.OrderId, LineId = "S", Reason = "customer asked" });
        gate.Release();
        var rejected = await reject;

        var after = await agent.GetOrderAsync(new GetOrderRequest { OrderId = order.OrderId });
        Assert.Equal(after.Version, rejected.Version);
        var tents = OrderTestBed.Line(after, "T");
        Assert.Contains("ST-BERLIN", tents.ExcludedLocations);
        Assert.Equal(1, after.FulfilmentOrders.Single(f => f.LocationId == "ST-BERLIN").Lines.Single(l => l.LineId == "T").Remaining);
        Assert.Equal(1, OrderTestBed.UnitsIn(OrderTestBed.Line(after, "S"), LineState.Cancelled));
        await AssertHoldsMatchTheOrderAsync(host, after);
    }

    /// <summary>Every unit Redis holds at a location is a unit the order still has to ship from there; every line's states add up.</summary>
    private static async Task AssertHoldsMatchTheOrderAsync(SourcingHost host, Order order)
    {
        foreach (var line in order.Lines)
        {
            Assert.Equal(line.Quantity, line.States.Sum(s => s.Quantity));
        }

        foreach (var sku in new[] { OrderTestBed.Tent, OrderTestBed.Stove })
        {
            foreach (var location in new[] { "ST-BERLIN", "WH-FRANKFURT" })
            {
                var level = (await host.Inventory.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { sku }, LocationIds = { location } }))
                    .Skus[0].Locations.Single(l => l.LocationId == location);
                var held = order.FulfilmentOrders.Where(f => f.LocationId == location).SelectMany(f => f.Lines)
                    .Where(l => l.Sku == sku && l.ReservationId.Length > 0).Sum(l => l.Remaining);
                Assert.True(held == level.Reserved, $"{sku} at {location}: Redis has {level.Reserved} reserved, the order holds {held}");
            }
        }
    }
}

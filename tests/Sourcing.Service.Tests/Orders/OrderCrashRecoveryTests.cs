using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sourcing.Orders;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.V1;
using OrderStatus = Sourcing.V1.OrderStatus;

namespace Sourcing.Service.Tests.Orders;

/// <summary>
/// The service stopped between two writes of an order operation, against the real stores: orders in PostgreSQL,
/// holds in Redis. The first host's fault hook stops the operation at a step (as a killed process would stop there);
/// a second host over the same database and Redis keys — the restarted service — runs one reconciler pass. Afterwards
/// every unit Redis holds is a unit the order has at that location, and on hand dropped by exactly what shipped.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class OrderCrashRecoveryTests(RedisFixture redis)
{
    public static TheoryData<string, OrderStep> Crashes() => new()
    {
        { "create", OrderStep.IntentSaved },
        { "create", OrderStep.HoldTaken },
        { "create", OrderStep.OutcomeSaved },
        { "reject", OrderStep.ChangeSaved },
        { "reject", OrderStep.StockActionDone },
        { "reject", OrderStep.IntentSaved },
        { "reject", OrderStep.HoldTaken },
        { "ship", OrderStep.ChangeSaved },
        { "ship", OrderStep.StockActionDone },
        { "cancel", OrderStep.ChangeSaved },
        { "cancel", OrderStep.StockActionDone },
    };

    [Theory]
    [MemberData(nameof(Crashes))]
    public async Task Reconciler_AfterTheServiceStoppedMidOperation_OrderAndRedisHoldsAgree(string operation, OrderStep step)
    {
        var settings = TestTokens.HostSettings();
        settings["Orders:ConnectionString"] = await SharedPostgres.NewDatabaseAsync();
        settings["Orders:ApplyMigrations"] = "true";
        settings["Redis:KeyPrefix"] = RedisFixture.NewKeyPrefix();
        var faults = new CrashOnce();
        string orderId;
        using (var first = new SourcingHost(redis.Server.Endpoint, settings, services => services.Replace(ServiceDescriptor.Singleton<IOrderFaults>(faults)))
        {
            DefaultToken = OrderTestBed.AdminToken,
        })
        {
            await TestNetwork.AddAsync(first);
            await TestNetwork.Stock(first, OrderTestBed.Tent, "ST-BERLIN", 10);
            await TestNetwork.Stock(first, OrderTestBed.Stove, "ST-BERLIN", 10);
            await TestNetwork.Stock(first, OrderTestBed.Tent, "WH-FRANKFURT", 10);
            await TestNetwork.Stock(first, OrderTestBed.Stove, "WH-FRANKFURT", 10);
            var web = new OrderService.OrderServiceClient(first.ChannelFor(TestTokens.For("web-shop", ["channel"], channels: ["web"])));
            var admin = new OrderService.OrderServiceClient(first.Channel);
            var store = new OrderService.OrderServiceClient(first.ChannelFor(TestTokens.For("staff-berlin", ["store-staff"], locations: ["ST-BERLIN"])));

            if (operation == "create")
            {
                faults.Arm(step);
            }

            orderId = await CreateAsync(web, first, operation);
            if (operation != "create")
            {
                var order = await admin.GetOrderAsync(new GetOrderRequest { OrderId = orderId });
                var fulfilment = Assert.Single(order.FulfilmentOrders);
                Assert.Equal("ST-BERLIN", fulfilment.LocationId);
                faults.Arm(step);
                await StopsAsync(operation switch
            {
                "reject" => store.RejectFulfilmentLinesAsync(new RejectFulfilmentLinesRequest
                {
                    OrderId = orderId, FulfilmentOrderId = fulfilment.FulfilmentOrderId, Reason = "damaged",
                    Lines = { new global::Sourcing.V1.LineQuantity { LineId = "T", Quantity = 1 } },
                }).ResponseAsync,
                "ship" => store.ConfirmShipmentAsync(new ConfirmShipmentRequest
                {
                    OrderId = orderId, FulfilmentOrderId = fulfilment.FulfilmentOrderId, Carrier = "DHL", TrackingNumber = "JJD1",
                    Lines = { fulfilment.Lines.Select(l => new global::Sourcing.V1.LineQuantity { LineId = l.LineId, Quantity = l.Quantity }) },
                }).ResponseAsync,
                "cancel" => admin.CancelOrderAsync(new CancelOrderRequest { OrderId = orderId, LineId = "T", Quantity = 1, Reason = "changed mind" }).ResponseAsync,
                _ => throw new ArgumentOutOfRangeException(nameof(operation)),
                });
            }

            Assert.True(faults.Fired, $"the {operation} never passed {step}");
        }

        using var restarted = new SourcingHost(redis.Server.Endpoint, settings) { DefaultToken = OrderTestBed.AdminToken };
        await restarted.Services.GetRequiredService<OrderReconciler>().RunOnceAsync(TimeSpan.Zero, 100, CancellationToken.None);

        var after = await new OrderService.OrderServiceClient(restarted.Channel).GetOrderAsync(new GetOrderRequest { OrderId = orderId });
        Assert.NotEqual(OrderStatus.Open, after.Status);
        foreach (var line in after.Lines)
        {
            Assert.Equal(line.Quantity, line.States.Sum(s => s.Quantity));
        }

        foreach (var sku in new[] { OrderTestBed.Tent, OrderTestBed.Stove })
        {
            foreach (var location in new[] { "ST-BERLIN", "WH-FRANKFURT" })
            {
                var level = (await restarted.Inventory.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { sku }, LocationIds = { location } }))
                    .Skus[0].Locations.Single(l => l.LocationId == location);
                var lineIds = after.Lines.Where(l => l.Sku == sku).Select(l => l.LineId).ToHashSet();
                var held = after.FulfilmentOrders.Where(f => f.LocationId == location)
                    .SelectMany(f => f.Lines).Where(l => lineIds.Contains(l.LineId) && l.ReservationId.Length > 0)
                    .Sum(l => l.Remaining);
                var shipped = after.Shipments.Where(s => s.LocationId == location).SelectMany(s => s.Lines).Where(l => lineIds.Contains(l.LineId)).Sum(l => l.Quantity);
                Assert.True(held == level.Reserved, $"{operation} stopped at {step}: {sku} at {location} has {level.Reserved} reserved in Redis, the order holds {held}");
                Assert.True(10 - shipped == level.OnHand, $"{operation} stopped at {step}: {sku} at {location} has {level.OnHand} on hand, {shipped} shipped");
            }
        }
    }

    private static async Task<string> CreateAsync(OrderService.OrderServiceClient web, SourcingHost host, string operation)
    {
        var request = OrderTestBed.NewOrder("crash-" + operation);
        try
        {
            return (await web.CreateOrderAsync(request)).OrderId;
        }
        catch (global::Grpc.Core.RpcException)
        {
            // Stopped mid-capture: the order was stored first, so the channel finds it by its external number.
            var page = await new OrderService.OrderServiceClient(host.Channel).ListOrdersAsync(new ListOrdersRequest { Channel = "web" });
            return Assert.Single(page.Orders).OrderId;
        }
    }

    private static async Task StopsAsync(Task call)
    {
        try
        {
            await call;
        }
        catch (global::Grpc.Core.RpcException stopped) when (stopped.StatusCode == global::Grpc.Core.StatusCode.Unknown)
        {
            // The stop surfaces as a failed call, as a lost connection to a killed process would.
        }
    }

    /// <summary>Stops the next operation that reaches the armed step, once.</summary>
    private sealed class CrashOnce : IOrderFaults
    {
        private OrderStep? _armed;

        public bool Fired { get; private set; }

        public void Arm(OrderStep step)
        {
            _armed = step;
            Fired = false;
        }

        public void At(OrderStep step)
        {
            if (_armed == step)
            {
                _armed = null;
                Fired = true;
                throw new ServiceStopped(step);
            }
        }
    }

    private sealed class ServiceStopped(OrderStep step) : OrderOperationStoppedException($"stopped at {step}");
}

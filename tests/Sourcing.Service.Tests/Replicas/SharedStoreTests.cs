using Grpc.Core;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.Service.Tests.Orders;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Replicas;

/// <summary>Callers spread over three replicas on one Redis and one PostgreSQL see one store, as behind a load balancer.</summary>
[Collection(RedisCollection.Name)]
public sealed class SharedStoreTests(RedisFixture redis)
{
    private const int Buyers = 200;
    private const int LastUnits = 50;

    [Fact]
    public async Task Reserve_200BuyersSpreadOverThreeReplicas_Exactly50Held()
    {
        using var replicas = ReplicaSet.Start(redis.Server.Endpoint, 3);
        await replicas[0].AddLocationAsync("WH1");
        await replicas[0].Inventory.SetStockAsync(new SetStockRequest { Sku = "LAST-UNITS", LocationId = "WH1", OnHand = LastUnits, Sequence = 1 });

        var answers = await Task.WhenAll(Enumerable.Range(0, Buyers).Select(i => Task.Run(() => ReserveOneAsync(replicas[i % 3], $"buyer-{i}"))));

        Assert.Equal(LastUnits, answers.Count(a => a is null));
        Assert.All(answers.Where(a => a is not null), refusal => Assert.Equal(StatusCode.FailedPrecondition, refusal!.StatusCode));
        foreach (var host in replicas.Hosts)
        {
            var availability = await host.Inventory.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { "LAST-UNITS" } });
            var level = Assert.Single(Assert.Single(availability.Skus).Locations);
            Assert.Equal((LastUnits, 0L), (level.Reserved, level.Available));
        }
    }

    [Fact]
    public async Task Order_CreatedOnAChangedOnBWatchedOnC_OneOrderEverywhere()
    {
        var settings = TestTokens.HostSettings();
        settings["Orders:ConnectionString"] = await SharedPostgres.NewDatabaseAsync();
        settings["Orders:ApplyMigrations"] = "true";
        // A token of its own: OrderTestBed.AdminToken, made when first read, would start its ten minutes now for the order tests too.
        using var replicas = ReplicaSet.Start(redis.Server.Endpoint, 3, settings, token: TestTokens.For("ops", ["operations-admin"]));
        await TestNetwork.AddAsync(replicas[0]);
        foreach (var sku in new[] { OrderTestBed.Tent, OrderTestBed.Stove })
        {
            await TestNetwork.Stock(replicas[0], sku, "ST-BERLIN", 10);
            await TestNetwork.Stock(replicas[0], sku, "WH-FRANKFURT", 10);
        }

        var webOnA = new OrderService.OrderServiceClient(replicas[0].ChannelFor(TestTokens.For("web-shop", ["channel"], channels: ["web"])));
        var agentOnB = new OrderService.OrderServiceClient(replicas[1].ChannelFor(TestTokens.For("agent-anna", ["service-agent"])));
        var berlinOnB = new OrderService.OrderServiceClient(replicas[1].ChannelFor(TestTokens.For("staff-berlin", ["store-staff"], locations: ["ST-BERLIN"])));
        var webOnC = new OrderService.OrderServiceClient(replicas[2].ChannelFor(TestTokens.For("web-shop", ["channel"], channels: ["web"])));

        var created = await webOnA.CreateOrderAsync(OrderTestBed.NewOrder("replicated-1"));
        var readOnB = await agentOnB.GetOrderAsync(new GetOrderRequest { OrderId = created.OrderId });
        var fulfilment = Assert.Single(readOnB.FulfilmentOrders);
        var accepted = await berlinOnB.AcceptFulfilmentOrderAsync(new FulfilmentOrderRequest { OrderId = created.OrderId, FulfilmentOrderId = fulfilment.FulfilmentOrderId });
        var seen = new List<OrderEventMessage>();
        using (var watch = webOnC.WatchOrderEvents(
            new WatchOrderEventsRequest { AfterPosition = 0, EventTypes = { "order.created", "fulfilment.accepted" } }, deadline: DateTime.UtcNow.AddSeconds(10)))
        {
            while (seen.Count < 2 && await watch.ResponseStream.MoveNext(CancellationToken.None))
            {
                seen.Add(watch.ResponseStream.Current);
            }
        }

        var readOnC = await webOnC.GetOrderAsync(new GetOrderRequest { OrderId = created.OrderId });
        Assert.Equal((created.OrderId, created.Lines.Count), (readOnB.OrderId, readOnB.Lines.Count));
        Assert.Equal(["order.created", "fulfilment.accepted"], seen.Select(e => e.Type));
        Assert.All(seen, e => Assert.Equal(created.OrderId, e.OrderId));
        Assert.Equal(Assert.Single(accepted.FulfilmentOrders).Status, Assert.Single(readOnC.FulfilmentOrders).Status);
        Assert.NotEqual(fulfilment.Status, Assert.Single(readOnC.FulfilmentOrders).Status);
    }

    private static async Task<RpcException?> ReserveOneAsync(SourcingHost host, string requestId)
    {
        try
        {
            await host.Inventory.ReserveAsync(new ReserveRequest { RequestId = requestId, Lines = { new ReservationLine { Sku = "LAST-UNITS", LocationId = "WH1", Quantity = 1 } } });
            return null;
        }
        catch (RpcException refusal)
        {
            return refusal;
        }
    }
}

using Sourcing.Service.Tests.Infrastructure;
using Sourcing.Service.Tests.Orders;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Cluster;

/// <summary>Sourcing and the order lifecycle through the real host on the cluster, with the shipped rules.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class ClusterOrderTests(RedisClusterFixture redis)
{
    [Fact]
    public async Task SourceOrder_ThreeSkusOnTheCluster_HoldsEveryLineOnceAndCommitsThem()
    {
        using var host = ClusterHost.Create(redis);
        await TestNetwork.AddAsync(host);
        var skus = new[] { "TENT", "STOVE", "LAMP" };
        foreach (var sku in skus)
        {
            await TestNetwork.Stock(host, sku, "WH-FRANKFURT", 50);
        }

        var request = TestNetwork.Order("cluster-source-1", TestNetwork.Frankfurt, TestNetwork.Line("1", "TENT", 1), TestNetwork.Line("2", "STOVE", 2), TestNetwork.Line("3", "LAMP", 3));
        var response = await host.Sourcing.SourceOrderAsync(request);
        var repeated = await host.Sourcing.SourceOrderAsync(request);

        Assert.Equal("WH-FRANKFURT", Assert.Single(response.Shipments).LocationId);
        Assert.NotEmpty(response.ReservationId);
        Assert.Equal(response.ReservationId, repeated.ReservationId);
        var reserved = await ReservedAsync(host, skus);
        Assert.Equal(new long[] { 1, 2, 3 }, reserved);

        var committed = await host.Inventory.CommitReservationAsync(new ReservationRequest { ReservationId = response.ReservationId });

        Assert.Equal(ReservationStatus.Committed, committed.Status);
        var availability = await host.Inventory.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { skus }, LocationIds = { "WH-FRANKFURT" } });
        Assert.Equal(new[] { (49L, 0L), (48L, 0L), (47L, 0L) }, skus.Select(sku => availability.Skus.Single(s => s.Sku == sku).Locations.Single()).Select(l => (l.OnHand, l.Reserved)));
    }

    [Fact]
    public async Task CreateOrder_StoreRejectsTheStove_ItIsSourcedToTheWarehouseAndShippedFromThere()
    {
        await using var bed = await OrderTestBed.StartAsync(redis.Cluster.ConfigurationString, more: ClusterHost.Settings(redis));

        var created = await bed.Web.CreateOrderAsync(OrderTestBed.NewOrder("cluster-story-1"));
        Assert.Equal(OrderStatus.InFulfilment, created.Status);
        var store = Assert.Single(created.FulfilmentOrders);
        Assert.Equal("ST-BERLIN", store.LocationId);
        Assert.Equal(2, (await bed.StockAsync(OrderTestBed.Tent, "ST-BERLIN")).Reserved);
        Assert.Equal(1, (await bed.StockAsync(OrderTestBed.Stove, "ST-BERLIN")).Reserved);

        var rejected = await bed.BerlinStore.RejectFulfilmentLinesAsync(new RejectFulfilmentLinesRequest
        {
            OrderId = created.OrderId, FulfilmentOrderId = store.FulfilmentOrderId, Lines = { new LineQuantity { LineId = "S", Quantity = 1 } }, Reason = "damaged box",
        });
        var warehouse = Assert.Single(rejected.FulfilmentOrders, f => f.FulfilmentOrderId != store.FulfilmentOrderId);
        Assert.Equal("WH-FRANKFURT", warehouse.LocationId);
        await bed.FrankfurtWms.AcceptFulfilmentOrderAsync(new FulfilmentOrderRequest { OrderId = created.OrderId, FulfilmentOrderId = warehouse.FulfilmentOrderId });
        await bed.FrankfurtWms.ConfirmShipmentAsync(new ConfirmShipmentRequest
        {
            OrderId = created.OrderId, FulfilmentOrderId = warehouse.FulfilmentOrderId, Carrier = "DHL", TrackingNumber = "JJD000777",
            Lines = { new LineQuantity { LineId = "S", Quantity = 1 } },
        });

        var stoveInBerlin = await bed.StockAsync(OrderTestBed.Stove, "ST-BERLIN");
        var stoveInFrankfurt = await bed.StockAsync(OrderTestBed.Stove, "WH-FRANKFURT");
        var tentInBerlin = await bed.StockAsync(OrderTestBed.Tent, "ST-BERLIN");
        Assert.Equal((10, 0), (stoveInBerlin.OnHand, stoveInBerlin.Reserved));
        Assert.Equal((9, 0), (stoveInFrankfurt.OnHand, stoveInFrankfurt.Reserved));
        Assert.Equal((10, 2), (tentInBerlin.OnHand, tentInBerlin.Reserved));
        var order = await bed.Web.GetOrderAsync(new GetOrderRequest { OrderId = created.OrderId });
        Assert.Equal(OrderStatus.PartiallyShipped, order.Status);
        Assert.Equal(1, OrderTestBed.UnitsIn(OrderTestBed.Line(order, "S"), LineState.Shipped));
    }

    private static async Task<long[]> ReservedAsync(SourcingHost host, string[] skus)
    {
        var availability = await host.Inventory.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { skus }, LocationIds = { "WH-FRANKFURT" } });
        return skus.Select(sku => availability.Skus.Single(s => s.Sku == sku).Locations.Single().Reserved).ToArray();
    }
}

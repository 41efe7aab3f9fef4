using Grpc.Core;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Replicas;

/// <summary>
/// The location snapshot across replicas with a long cache TTL (10 minutes): an upsert on one instance is used by the
/// others at once, because every instance drops its snapshot on the upsert's message.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class LocationRefreshTests(RedisFixture redis)
{
    [Fact]
    public async Task UpsertLocation_OnOneReplica_SourceOrderOnAnotherUsesItWithoutWaitingForTheTtl()
    {
        using var replicas = ReplicaSet.Start(redis.Server.Endpoint, 2, new Dictionary<string, string?> { ["Inventory:LocationCacheTtl"] = "00:10:00" });
        var a = replicas[0];
        var b = replicas[1];
        await a.AddLocationAsync("WH-OLD");
        await TestNetwork.Stock(a, "TENT", "WH-OLD", 5);
        // B reads the network now and caches it for ten minutes.
        var first = await b.Sourcing.SourceOrderAsync(Order("first"));
        Assert.Equal("WH-OLD", Assert.Single(first.Shipments).LocationId);

        await a.AddLocationAsync("WH-NEW");
        await TestNetwork.Stock(a, "STOVE", "WH-NEW", 5);
        SourceOrderResponse? onB = null;
        var attempt = 0;
        // The message travels asynchronously (a few milliseconds); the TTL it replaces is ten minutes.
        var used = await ReplicaSet.EventuallyAsync(async () =>
        {
            try
            {
                onB = await b.Sourcing.SourceOrderAsync(Order("second-" + attempt++, "STOVE"));
                return onB.Shipments.Any(s => s.LocationId == "WH-NEW");
            }
            catch (RpcException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(3));

        Assert.True(used, $"B did not source from the location upserted on A ({attempt} attempts; last answer: {onB})");
    }

    private static SourceOrderRequest Order(string requestId, string sku = "TENT")
    {
        var request = TestNetwork.Order(requestId, TestNetwork.Berlin, TestNetwork.Line("1", sku, 1));
        request.Reserve = false;
        return request;
    }
}

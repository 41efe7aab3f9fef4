using Grpc.Core;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Replicas;

/// <summary>
/// Background work across three replicas on one Redis and one PostgreSQL: each worker that must run once runs on
/// exactly one instance, and another takes over when that one stops.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class BackgroundLeaseTests(RedisFixture redis)
{
    private static readonly string[] Leases =
    [
        "reservation-sweeper", "order-reconciler", "backorder-resourcer", "scheduled-dunning",
        "billing-follower:invoicing", "billing-follower:order-payment-holds", "return-deadlines",
    ];

    [Fact]
    public async Task LeasedWorkers_ThreeReplicas_EachWorkerRunsOnExactlyOneInstance()
    {
        using var replicas = ReplicaSet.Start(redis.Server.Endpoint, 3, await OrdersInPostgresAsync());

        var settled = await ReplicaSet.EventuallyAsync(
            () => Task.FromResult(Leases.All(lease => replicas.Hosts.Count(h => Holds(h, lease)) == 1)), TimeSpan.FromSeconds(10));

        var holders = Leases.ToDictionary(lease => lease, lease => replicas.Hosts.Count(h => Holds(h, lease)));
        Assert.True(settled, "holders per lease: " + string.Join(", ", holders.Select(h => $"{h.Key}={h.Value}")));
        Assert.Equal(Leases.Order(StringComparer.Ordinal), ReplicaSet.LeasedWorkers(replicas[0]).Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ReservationSweeper_OnThreeReplicas_ExpiresAReservationOnceAndAnotherTakesOverWhenTheHolderStops()
    {
        using var replicas = ReplicaSet.Start(redis.Server.Endpoint, 3);
        await replicas[0].AddLocationAsync("WH1");
        await replicas[0].Inventory.SetStockAsync(new SetStockRequest { Sku = "SWEPT", LocationId = "WH1", OnHand = 10, Sequence = 1 });
        Assert.True(await ReplicaSet.EventuallyAsync(() => Task.FromResult(SweeperHolders(replicas).Count == 1), TimeSpan.FromSeconds(10)));
        var holder = SweeperHolders(replicas).Single();

        await replicas[1].Inventory.ReserveAsync(new ReserveRequest { RequestId = "r-1", Lines = { new ReservationLine { Sku = "SWEPT", LocationId = "WH1", Quantity = 3 } }, TtlSeconds = 1 });
        Assert.True(await ReplicaSet.EventuallyAsync(async () => (await ReservedAsync(replicas[2], "SWEPT")) == 0, TimeSpan.FromSeconds(10)));
        replicas[holder].Dispose();
        var others = Enumerable.Range(0, 3).Where(i => i != holder).ToList();
        var stoppedAt = DateTime.UtcNow;
        var tookOver = await ReplicaSet.EventuallyAsync(() => Task.FromResult(others.Any(i => ReplicaSet.LeasedWorkers(replicas[i])["reservation-sweeper"].IsHolding)), TimeSpan.FromSeconds(1.5));
        var tookOverAfter = DateTime.UtcNow - stoppedAt;
        var survivor = replicas[others[0]];
        await survivor.Inventory.ReserveAsync(new ReserveRequest { RequestId = "r-2", Lines = { new ReservationLine { Sku = "SWEPT", LocationId = "WH1", Quantity = 2 } }, TtlSeconds = 1 });
        var secondExpired = await ReplicaSet.EventuallyAsync(async () => (await ReservedAsync(survivor, "SWEPT")) == 0, TimeSpan.FromSeconds(10));

        Assert.True(tookOver, $"no other instance held the sweeper lease {tookOverAfter.TotalMilliseconds:F0} ms after its holder stopped (lease TTL 1.5 s)");
        Assert.True(secondExpired, "the reservation made after the takeover was not expired");
        Assert.Equal([3L, 2L], await ExpiredQuantitiesAsync(survivor, "SWEPT"));
    }

    private static bool Holds(SourcingHost host, string lease) => ReplicaSet.LeasedWorkers(host)[lease].IsHolding;

    private static List<int> SweeperHolders(ReplicaSet replicas) =>
        Enumerable.Range(0, replicas.Hosts.Count).Where(i => Holds(replicas[i], "reservation-sweeper")).ToList();

    private static async Task<long> ReservedAsync(SourcingHost host, string sku)
    {
        var availability = await host.Inventory.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { sku } });
        return Assert.Single(Assert.Single(availability.Skus).Locations).Reserved;
    }

    /// <summary>Units released by each EXPIRED event of the SKU, from the stock event stream, oldest first.</summary>
    private static async Task<List<long>> ExpiredQuantitiesAsync(SourcingHost host, string sku)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        using var watch = host.Inventory.WatchStock(new WatchStockRequest { AfterPosition = "0", Skus = { sku } });
        var expired = new List<long>();
        long reserved = 0;
        try
        {
            while (await watch.ResponseStream.MoveNext(cancel.Token))
            {
                var stockEvent = watch.ResponseStream.Current;
                if (stockEvent.Kind == StockChangeKind.Expired)
                {
                    expired.Add(reserved - stockEvent.Level.Reserved);
                }

                reserved = stockEvent.Level.Reserved;
            }
        }
        catch (Exception cancelled) when (cancelled is OperationCanceledException || cancelled is RpcException { StatusCode: StatusCode.Cancelled })
        {
            // Caught up with the stream: the watch stays open for new events, so the test ends it.
        }

        return expired;
    }

    private static async Task<Dictionary<string, string?>> OrdersInPostgresAsync() => new()
    {
        ["Orders:ConnectionString"] = await SharedPostgres.NewDatabaseAsync(),
        ["Orders:ApplyMigrations"] = "true",
    };
}

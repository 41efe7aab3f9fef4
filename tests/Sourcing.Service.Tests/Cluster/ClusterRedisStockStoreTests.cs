using Microsoft.Extensions.Options;
using Sourcing.Service.Inventory;
using Sourcing.Service.Storage.Redis;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.Service.Tests.Storage;

namespace Sourcing.Service.Tests.Cluster;

/// <summary>
/// The stock store contract on a real Redis Cluster with SKUs spread over 8 partitions, so the contract's SKUs land
/// on different masters and a reservation of several SKUs is held part by part.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class ClusterRedisStockStoreTests(RedisClusterFixture redis) : StockStoreContract
{
    protected override IStockStore Store { get; } = ClusterStockStore.Create(redis, ClusterHost.StockPartitions);
}

/// <summary>The contract on the cluster with the default single partition: every key in one slot, each change one script.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class ClusterRedisStockStoreOnePartitionTests(RedisClusterFixture redis) : StockStoreContract
{
    protected override IStockStore Store { get; } = ClusterStockStore.Create(redis, 1);
}

internal static class ClusterStockStore
{
    public static RedisStockStore Create(RedisClusterFixture redis, int partitions) =>
        new(redis.Connection, new RedisKeys(RedisFixture.NewKeyPrefix()), Options.Create(new RedisOptions { StockPartitions = partitions }));
}

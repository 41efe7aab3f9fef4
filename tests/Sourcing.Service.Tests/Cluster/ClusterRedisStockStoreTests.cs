using Sourcing.Service.Tests.Infrastructure;
using Sourcing.Service.Tests.Storage;

namespace Sourcing.Service.Tests.Cluster;

/// <summary>
/// The Redis stock store contract on a real Redis Cluster with SKUs spread over 8 partitions, so the contract's SKUs
/// land on different masters and a reservation of several SKUs is held part by part.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class ClusterRedisStockStoreTests(RedisClusterFixture redis) : RedisStockStoreTests(redis.Connection, ClusterHost.StockPartitions);

/// <summary>The contract on the cluster with the default single partition: every stock key in one slot, each change one script.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class ClusterRedisStockStoreOnePartitionTests(RedisClusterFixture redis) : RedisStockStoreTests(redis.Connection, 1);

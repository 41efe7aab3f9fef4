using Sourcing.Testing;
using StackExchange.Redis;

namespace Sourcing.Service.Tests.Infrastructure;

/// <summary>
/// One real Redis Cluster (three masters, three replicas) and one multiplexer for the whole test run. Tests isolate
/// themselves with a unique key prefix each (<see cref="RedisFixture.NewKeyPrefix"/>), as on the single server. The
/// tests of the collection run one after another, so a test that fails a master over leaves a healthy cluster
/// (<see cref="LocalRedisCluster.FailoverAsync"/> waits for that) to the next.
/// </summary>
public sealed class RedisClusterFixture : IDisposable
{
    public RedisClusterFixture()
    {
        Cluster = LocalRedisCluster.Start();
        Connection = ConnectionMultiplexer.Connect(Cluster.ConfigurationString + ",allowAdmin=true,connectTimeout=5000,syncTimeout=5000,asyncTimeout=5000");
    }

    public LocalRedisCluster Cluster { get; }

    public IConnectionMultiplexer Connection { get; }

    public void Dispose()
    {
        Connection.Dispose();
        Cluster.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class RedisClusterCollection : ICollectionFixture<RedisClusterFixture>
{
    public const string Name = "redis-cluster";
}

using Sourcing.Service.Tests.Infrastructure;
using StackExchange.Redis;

namespace Sourcing.Service.Tests.Cluster;

/// <summary>The test cluster itself: what the other cluster tests rely on.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class LocalRedisClusterTests(RedisClusterFixture redis)
{
    [Fact]
    public void Start_SixNodes_ThreeMastersEachCopiedByOneReplica()
    {
        var masters = redis.Cluster.Masters;
        var replicas = redis.Cluster.Replicas;

        Assert.Equal(3, masters.Count);
        Assert.Equal(3, replicas.Count);
        Assert.Equal(masters.Select(m => m.Id).Order(), replicas.Select(r => r.MasterId).Order());
        Assert.Equal(6, masters.Select(m => m.Port).Concat(replicas.Select(r => r.Port)).Distinct().Count());

        // The client, given only the masters, finds the replicas too and knows it talks to a cluster.
        var servers = redis.Connection.GetServers();
        Assert.Equal(6, servers.Length);
        Assert.All(servers, server => Assert.Equal(ServerType.Cluster, server.ServerType));
        Assert.Equal(3, servers.Count(server => server.IsReplica));
    }

    [Fact]
    public async Task FailoverAsync_MasterOfAKey_ItsReplicaServesTheKeyWithItsValue()
    {
        var key = RedisFixture.NewKeyPrefix() + "{failover-probe}";
        var database = redis.Connection.GetDatabase();
        await database.StringSetAsync(key, "before");
        var oldMaster = redis.Cluster.MasterOf(key);

        var newMaster = await redis.Cluster.FailoverAsync(oldMaster);

        Assert.NotEqual(oldMaster.Port, newMaster.Port);
        Assert.Equal(newMaster, redis.Cluster.MasterOf(key));
        Assert.Contains(redis.Cluster.Replicas, r => r.Id == oldMaster.Id && r.MasterId == newMaster.Id);
        Assert.Equal("before", await database.StringGetAsync(key));
        await database.StringSetAsync(key, "after");
        Assert.Equal("after", await database.StringGetAsync(key));
    }
}

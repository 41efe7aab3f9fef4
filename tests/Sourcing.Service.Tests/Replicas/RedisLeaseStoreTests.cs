using Sourcing.Service.Replicas;
using Sourcing.Service.Tests.Infrastructure;

namespace Sourcing.Service.Tests.Replicas;

/// <summary>The lease primitives against a real redis-server: exclusive, expiring, renewable and releasable only by the holder.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisLeaseStoreTests(RedisFixture redis)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);
    private readonly ReplicaKeys _keys = new(RedisFixture.NewKeyPrefix());

    private RedisLeaseStore Store(string instance) => new(redis.Connection, _keys, new ReplicaIdentity(instance, DateTimeOffset.UtcNow));

    [Fact]
    public async Task TryAcquire_HeldByAnother_IsRefusedUntilReleased()
    {
        var a = Store("A");
        var b = Store("B");

        var tokenA = await a.TryAcquireAsync("sweeper", Ttl, CancellationToken.None);
        var whileHeld = await b.TryAcquireAsync("sweeper", Ttl, CancellationToken.None);
        await a.ReleaseAsync("sweeper", tokenA!, CancellationToken.None);
        var afterRelease = await b.TryAcquireAsync("sweeper", Ttl, CancellationToken.None);

        Assert.NotNull(tokenA);
        Assert.StartsWith("A/", tokenA, StringComparison.Ordinal);
        Assert.Null(whileHeld);
        Assert.NotNull(afterRelease);
    }

    [Fact]
    public async Task RenewAndRelease_WithAnotherHoldersToken_ChangeNothing()
    {
        var a = Store("A");
        var b = Store("B");
        var tokenA = await a.TryAcquireAsync("dunning", TimeSpan.FromMilliseconds(300), CancellationToken.None);
        await Task.Delay(600);
        // A's lease expired (its instance stalled past the TTL) and B took it.
        var tokenB = await b.TryAcquireAsync("dunning", Ttl, CancellationToken.None);

        var staleRenewed = await a.RenewAsync("dunning", tokenA!, Ttl, CancellationToken.None);
        await a.ReleaseAsync("dunning", tokenA!, CancellationToken.None);
        var holderRenewed = await b.RenewAsync("dunning", tokenB!, Ttl, CancellationToken.None);

        Assert.NotNull(tokenB);
        Assert.False(staleRenewed);
        Assert.True(holderRenewed);
        Assert.Equal(tokenB, (string?)await redis.Connection.GetDatabase().StringGetAsync(_keys.Lease("dunning")));
    }

    [Fact]
    public async Task Renew_BeforeExpiry_KeepsTheLeasePastItsFirstTtl()
    {
        var a = Store("A");
        var b = Store("B");
        var token = await a.TryAcquireAsync("reconciler", TimeSpan.FromMilliseconds(800), CancellationToken.None);

        for (var i = 0; i < 4; i++)
        {
            await Task.Delay(300);
            Assert.True(await a.RenewAsync("reconciler", token!, TimeSpan.FromMilliseconds(800), CancellationToken.None));
        }

        Assert.Null(await b.TryAcquireAsync("reconciler", Ttl, CancellationToken.None));
    }
}

using StackExchange.Redis;

namespace Sourcing.Service.Replicas;

/// <summary>
/// Leases in Redis: <c>SET key token NX PX ttl</c> takes one; renewal and release are single-key scripts that act only
/// while the key still holds the caller's token, so a holder whose lease expired and was taken can never extend or
/// delete the new holder's.
/// </summary>
public sealed class RedisLeaseStore(IConnectionMultiplexer redis, ReplicaKeys keys, ReplicaIdentity identity) : ILeaseStore
{
    private const string RenewScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('PEXPIRE', KEYS[1], ARGV[2])
        end
        return 0
        """;

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """;

    public async Task<string?> TryAcquireAsync(string name, TimeSpan ttl, CancellationToken cancellationToken)
    {
        // The instance id in the token tells an operator looking at the key who holds it; the random part tells two
        // holdings by one instance apart (a lease lost and taken again must not be renewable with the old token).
        var token = $"{identity.InstanceId}/{Guid.NewGuid():N}";
        var taken = await redis.GetDatabase().StringSetAsync(keys.Lease(name), token, ttl, When.NotExists);
        return taken ? token : null;
    }

    public async Task<bool> RenewAsync(string name, string token, TimeSpan ttl, CancellationToken cancellationToken)
    {
        var result = await redis.GetDatabase().ScriptEvaluateAsync(RenewScript, [keys.Lease(name)], [token, (long)ttl.TotalMilliseconds]);
        return (long)result == 1;
    }

    public async Task ReleaseAsync(string name, string token, CancellationToken cancellationToken) =>
        await redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, [keys.Lease(name)], [token]);
}

using Sourcing.Service.Sourcing;
using StackExchange.Redis;

namespace Sourcing.Service.Storage.Redis;

/// <summary>One string per request id, "fingerprint|base64(answer)", written with SET NX so the first answer wins.</summary>
public sealed class RedisSourcingRequestStore(IConnectionMultiplexer redis, RedisKeys keys) : ISourcingRequestStore
{
    private readonly IDatabase _db = redis.GetDatabase();

    public async Task<StoredAnswer?> GetAsync(string requestId, CancellationToken cancellationToken)
    {
        var value = await _db.StringGetAsync(keys.SourceOrderRequest(requestId)).WaitAsync(cancellationToken);
        return value.IsNull ? null : Decode(value!);
    }

    public async Task<StoredAnswer> SaveIfAbsentAsync(string requestId, StoredAnswer answer, TimeSpan keepFor, CancellationToken cancellationToken)
    {
        var key = keys.SourceOrderRequest(requestId);
        var saved = await _db.StringSetAsync(key, answer.Fingerprint + "|" + Convert.ToBase64String(answer.Response), keepFor, When.NotExists).WaitAsync(cancellationToken);
        if (saved)
        {
            return answer;
        }

        var existing = await _db.StringGetAsync(key).WaitAsync(cancellationToken);
        return existing.IsNull ? answer : Decode(existing!);
    }

    private static StoredAnswer Decode(string value)
    {
        var separator = value.IndexOf('|', StringComparison.Ordinal);
        return new StoredAnswer(value[..separator], Convert.FromBase64String(value[(separator + 1)..]));
    }
}

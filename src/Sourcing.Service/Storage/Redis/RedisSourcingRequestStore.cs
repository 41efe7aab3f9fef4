using System.Globalization;
using Sourcing.Service.Inventory;
using Sourcing.Service.Sourcing;
using StackExchange.Redis;

namespace Sourcing.Service.Storage.Redis;

/// <summary>
/// Per request id: the answer as one string "fingerprint|base64(answer)" written with SET NX so the first answer wins;
/// an in-progress mark (SET NX with a TTL, removed only by its owner); and the last hold attempt as a hash.
/// </summary>
public sealed class RedisSourcingRequestStore(IConnectionMultiplexer redis, RedisKeys keys) : ISourcingRequestStore
{
    /// <summary>Removes the mark only when it is still the caller's: a lapsed mark may since have been taken by another call.</summary>
    private const string EndScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    /// <summary>KEYS: the attempt hash. ARGV: encoded lines, ttl seconds, keep for ms. Returns the attempt's number.</summary>
    private const string RecordAttemptScript = """
        local n = redis.call('HINCRBY', KEYS[1], 'n', 1)
        redis.call('HSET', KEYS[1], 'lines', ARGV[1], 'ttl', ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return n
        """;

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

    public Task<bool> TryBeginAsync(string requestId, string token, TimeSpan markFor, CancellationToken cancellationToken) =>
        _db.StringSetAsync(keys.SourceOrderInProgress(requestId), token, markFor, When.NotExists).WaitAsync(cancellationToken);

    public Task EndAsync(string requestId, string token, CancellationToken cancellationToken) =>
        _db.ScriptEvaluateAsync(EndScript, [keys.SourceOrderInProgress(requestId)], [token]).WaitAsync(cancellationToken);

    public async Task<int> RecordHoldAttemptAsync(string requestId, IReadOnlyList<ReservationLine> lines, int ttlSeconds, TimeSpan keepFor, CancellationToken cancellationToken)
    {
        var encoded = string.Join('\n', lines.Select(l => $"{l.Sku}|{l.LocationId}|{l.Quantity.ToString(CultureInfo.InvariantCulture)}"));
        var result = await _db.ScriptEvaluateAsync(RecordAttemptScript, [keys.SourceOrderHoldAttempt(requestId)],
            [encoded, ttlSeconds, (long)keepFor.TotalMilliseconds]).WaitAsync(cancellationToken);
        return (int)result;
    }

    public async Task<HoldAttempt?> GetLastHoldAttemptAsync(string requestId, CancellationToken cancellationToken)
    {
        var fields = await _db.HashGetAsync(keys.SourceOrderHoldAttempt(requestId), ["n", "lines", "ttl"]).WaitAsync(cancellationToken);
        if (fields[0].IsNull || fields[1].IsNull)
        {
            return null;
        }

        // SKUs and location ids cannot contain '|' or a line break (they are validated identifiers).
        var lines = ((string)fields[1]!).Split('\n').Select(line => line.Split('|'))
            .Select(parts => new ReservationLine(parts[0], parts[1], long.Parse(parts[2], CultureInfo.InvariantCulture)))
            .ToList();
        return new HoldAttempt((int)fields[0], lines, (int)fields[2]);
    }

    private static StoredAnswer Decode(string value)
    {
        var separator = value.IndexOf('|', StringComparison.Ordinal);
        return new StoredAnswer(value[..separator], Convert.FromBase64String(value[(separator + 1)..]));
    }
}

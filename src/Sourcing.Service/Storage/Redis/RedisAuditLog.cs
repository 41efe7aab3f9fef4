using Sourcing.Service.Audit;
using StackExchange.Redis;

namespace Sourcing.Service.Storage.Redis;

/// <summary>The audit log as a Redis stream: entries in order of arrival, the stream id as position.</summary>
public sealed class RedisAuditLog(IConnectionMultiplexer redis, RedisKeys keys) : IAuditLog
{
    /// <summary>Approximate number of entries kept; older ones are trimmed.</summary>
    public const int Kept = 1_000_000;

    private readonly IDatabase _db = redis.GetDatabase();

    public Task AppendAsync(DateTimeOffset at, string subject, string method, string request, string outcome, CancellationToken cancellationToken) =>
        _db.StreamAddAsync(keys.Audit, [
            new NameValueEntry("t", at.ToUnixTimeMilliseconds()),
            new NameValueEntry("s", subject),
            new NameValueEntry("m", method),
            new NameValueEntry("q", request),
            new NameValueEntry("o", outcome),
        ], maxLength: Kept, useApproximateMaxLength: true).WaitAsync(cancellationToken);

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(string? beforePosition, int max, CancellationToken cancellationToken)
    {
        // "(" makes the bound exclusive: the page starts below the last entry already seen.
        var entries = await _db.StreamRangeAsync(keys.Audit, "-", beforePosition is null ? "+" : "(" + beforePosition, max, Order.Descending)
            .WaitAsync(cancellationToken);
        return entries.Select(e => new AuditEntry(
            e.Id!, DateTimeOffset.FromUnixTimeMilliseconds((long)e["t"]), e["s"]!, e["m"]!, e["q"]!, e["o"]!)).ToList();
    }
}

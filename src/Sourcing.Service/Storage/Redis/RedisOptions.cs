using System.ComponentModel.DataAnnotations;

namespace Sourcing.Service.Storage.Redis;

/// <summary>Bound from the <c>Redis</c> section; with no <see cref="Configuration"/> the service uses the in-memory store.</summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>A StackExchange.Redis configuration string, e.g. <c>localhost:6379</c>. Empty: run embedded, in memory.</summary>
    public string? Configuration { get; set; }

    /// <summary>Put before every key, so several deployments (or test runs) can share one Redis.</summary>
    [Required, RegularExpression(@"\A[A-Za-z0-9:_.-]{1,32}\z", ErrorMessage = "KeyPrefix must be 1-32 of letters, digits, ':', '_', '.', '-' (no braces: they would break the hash tags).")]
    public string KeyPrefix { get; set; } = "sourcing:";

    /// <summary>Approximate number of stock events kept in the stream for WatchStock resumption.</summary>
    [Range(1_000, 100_000_000)]
    public int StockEventsKept { get; set; } = 1_000_000;

    /// <summary>How long a request id of a reservation is remembered at least (it is always kept past the reservation's expiry).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan IdempotencyWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How many partitions SKUs are spread over (by <see cref="StockPartitioner"/>). Every key of one partition carries
    /// the hash tag <c>{p&lt;n&gt;}</c>, so it lives in one Redis Cluster slot. 1 (the default) puts everything in one
    /// slot, so every reservation is one script; a cluster uses more (e.g. 16) to spread the load over its nodes.
    /// Changing it re-homes every key: stock written under another count is not found.
    /// </summary>
    [Range(1, StockPartitioner.MaxPartitions)]
    public int StockPartitions { get; set; } = 1;
}

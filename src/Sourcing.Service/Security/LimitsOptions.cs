using System.ComponentModel.DataAnnotations;

namespace Sourcing.Service.Security;

/// <summary>Bound from the <c>Limits</c> section: what one caller may use, so no caller can starve the others.</summary>
public sealed class LimitsOptions
{
    public const string Section = "Limits";

    /// <summary>Calls per second one principal (token subject) may make on average.</summary>
    [Range(1, 1_000_000)]
    public int CallsPerSecondPerCaller { get; set; } = 2_000;

    /// <summary>Calls one principal may make at once above its rate, after a quiet spell.</summary>
    [Range(1, 1_000_000)]
    public int BurstPerCaller { get; set; } = 4_000;

    /// <summary>Calls of one principal in flight at once, counted until each answer has been written.</summary>
    [Range(1, 100_000)]
    public int ConcurrentCallsPerCaller { get; set; } = 64;

    /// <summary>Server streams (WatchStock) one principal may hold open at once.</summary>
    [Range(1, 1_000)]
    public int OpenStreamsPerCaller { get; set; } = 8;

    /// <summary>Longest hold a channel token may ask for; a reservation outliving its checkout takes stock off sale.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan ChannelReservationTtl { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Largest message the service receives or sends, in bytes.</summary>
    [Range(64 * 1024, 64 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Concurrent HTTP/2 streams (calls) per connection. With messages capped at <see cref="MaxMessageBytes"/>, this
    /// and <see cref="MaxConnections"/> bound what clients that stop reading can make the service buffer.
    /// </summary>
    [Range(1, 1_000)]
    public int MaxStreamsPerConnection { get; set; } = 100;

    /// <summary>Open connections the service accepts at once.</summary>
    [Range(1, 1_000_000)]
    public int MaxConnections { get; set; } = 1_000;
}

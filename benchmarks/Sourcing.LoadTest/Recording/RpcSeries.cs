using System.Collections.Concurrent;

namespace Sourcing.LoadTest.Recording;

/// <summary>What one RPC did: whole-run latencies of the measured phase, and per-second figures of the whole run.</summary>
internal sealed class RpcSeries(string name, int seconds)
{
    public string Name { get; } = name;

    /// <summary>Latencies of the calls that answered OK, scheduled after the warm-up.</summary>
    public LatencyHistogram Measured { get; } = new();

    /// <summary>Calls of the measured phase by status ("OK", "UNAVAILABLE", ...).</summary>
    public ConcurrentDictionary<string, long> Statuses { get; } = new(StringComparer.Ordinal);

    /// <summary>OK latencies per second of the run (warm-up included), by the second the call was scheduled in.</summary>
    public LatencyHistogram[] PerSecond { get; } = Enumerable.Range(0, seconds).Select(_ => new LatencyHistogram()).ToArray();

    /// <summary>Calls that did not answer OK, per second of the run.</summary>
    public long[] ErrorsPerSecond { get; } = new long[seconds];

    public long MeasuredCalls => Statuses.Values.Sum();

    public long MeasuredErrors => Statuses.Where(s => s.Key != StatusNames.Ok).Sum(s => s.Value);
}

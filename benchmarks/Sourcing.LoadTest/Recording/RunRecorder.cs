using System.Collections.Concurrent;
using System.Diagnostics;

namespace Sourcing.LoadTest.Recording;

/// <summary>
/// Collects every call of a run. A call belongs to the second it was scheduled in (open loop: its slot on the
/// schedule; closed loop: when its caller started it), and its latency runs from that moment to the answer.
/// </summary>
internal sealed class RunRecorder
{
    private readonly ConcurrentDictionary<string, RpcSeries> _series = new(StringComparer.Ordinal);
    private readonly long _measureFrom;
    private LatencyHistogram _live = new();
    private long _liveCalls;
    private long _liveErrors;

    public RunRecorder(long startTimestamp, TimeSpan warmup, TimeSpan duration)
    {
        StartTimestamp = startTimestamp;
        Warmup = warmup;
        Duration = duration;
        _measureFrom = startTimestamp + (long)(warmup.TotalSeconds * Stopwatch.Frequency);

        // Calls scheduled in the last second may answer after it; per-second series cover a few seconds more.
        Seconds = (int)Math.Ceiling((warmup + duration).TotalSeconds) + 1;
    }

    public long StartTimestamp { get; }

    public TimeSpan Warmup { get; }

    public TimeSpan Duration { get; }

    public int Seconds { get; }

    /// <summary>The RPCs seen, in the order they first answered.</summary>
    public IReadOnlyList<RpcSeries> Series => _series.Values.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();

    /// <summary>Calls answered since the live figures were last reset (at the end of the warm-up).</summary>
    public long LiveCalls => Interlocked.Read(ref _liveCalls);

    public long LiveErrors => Interlocked.Read(ref _liveErrors);

    public LatencyHistogram Live => Volatile.Read(ref _live);

    public void Record(string rpc, long scheduledTimestamp, long answeredTimestamp, string status)
    {
        var series = _series.GetOrAdd(rpc, name => new RpcSeries(name, Seconds));
        var micros = (answeredTimestamp - scheduledTimestamp) * 1_000_000 / Stopwatch.Frequency;
        var second = (int)Math.Clamp((scheduledTimestamp - StartTimestamp) / Stopwatch.Frequency, 0, Seconds - 1);
        var ok = status == StatusNames.Ok;
        if (ok)
        {
            series.PerSecond[second].Record(micros);
            Live.Record(micros);
        }
        else
        {
            Interlocked.Increment(ref series.ErrorsPerSecond[second]);
            Interlocked.Increment(ref _liveErrors);
        }

        Interlocked.Increment(ref _liveCalls);
        if (scheduledTimestamp >= _measureFrom)
        {
            series.Statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            if (ok)
            {
                series.Measured.Record(micros);
            }
        }
    }

    /// <summary>Starts the live figures afresh, so the progress line shows the measured phase without the warm-up.</summary>
    public void ResetLive()
    {
        Volatile.Write(ref _live, new LatencyHistogram());
        Interlocked.Exchange(ref _liveCalls, 0);
        Interlocked.Exchange(ref _liveErrors, 0);
    }
}

using System.Diagnostics;
using Sourcing.Benchmarks.Optimizer;

namespace Sourcing.Benchmarks;

/// <summary>The per-call latency reports' common part: warm a call up, time it sequentially, print a percentile row.</summary>
internal static class LatencyTable
{
    public const int WarmUpCalls = 200;

    /// <summary>Runs <paramref name="call"/> <see cref="WarmUpCalls"/> times, then <paramref name="calls"/> times timed; returns the times in ms, sorted.</summary>
    public static List<double> Time(Func<Task> call, int calls)
    {
        for (var i = 0; i < WarmUpCalls; i++)
        {
            call().GetAwaiter().GetResult();
        }

        var times = new List<double>(calls);
        for (var i = 0; i < calls; i++)
        {
            var clock = Stopwatch.StartNew();
            call().GetAwaiter().GetResult();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return times;
    }

    /// <summary>"p50 | p90 | p99 | max" of sorted times, for a markdown row.</summary>
    public static string Percentiles(List<double> sorted) =>
        $"{OptimizerLatencyReport.Percentile(sorted, 50):0.000} | {OptimizerLatencyReport.Percentile(sorted, 90):0.000} | {OptimizerLatencyReport.Percentile(sorted, 99):0.000} | {sorted[^1]:0.000}";
}

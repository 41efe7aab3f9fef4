using System.Diagnostics;
using Sourcing.LoadTest.Recording;

namespace Sourcing.LoadTest.Output;

/// <summary>Once a second, one terminal line rewritten in place: phase, elapsed, rate, errors, p50/p99 so far.</summary>
internal sealed class ProgressLine(RunRecorder recorder, Func<long> inFlight, TextWriter output)
{
    public async Task RunAsync(CancellationToken stop)
    {
        var warmupEnd = recorder.StartTimestamp + (long)(recorder.Warmup.TotalSeconds * Stopwatch.Frequency);
        var measuring = recorder.Warmup <= TimeSpan.Zero;
        long lastCalls = 0;
        var lastAt = Stopwatch.GetTimestamp();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var now = Stopwatch.GetTimestamp();
                if (!measuring && now >= warmupEnd)
                {
                    measuring = true;
                    recorder.ResetLive();
                    lastCalls = 0;
                }

                var calls = recorder.LiveCalls;
                var rate = (calls - lastCalls) / ((double)(now - lastAt) / Stopwatch.Frequency);
                lastCalls = calls;
                lastAt = now;
                var elapsed = (double)(now - recorder.StartTimestamp) / Stopwatch.Frequency;
                var live = recorder.Live;
                var line = $"{(measuring ? "measure" : "warm-up")} {elapsed,6:0}s  {rate,8:0}/s  calls {calls,9:N0}  errors {recorder.LiveErrors,7:N0}  in flight {inFlight(),5}  " +
                    $"p50 {Format.Millis(live.ValueAtPercentile(50))} ms  p99 {Format.Millis(live.ValueAtPercentile(99))} ms";
                output.Write("\r" + line.PadRight(Math.Max(line.Length, 118)));
            }
        }
        catch (OperationCanceledException)
        {
        }

        output.WriteLine();
    }
}

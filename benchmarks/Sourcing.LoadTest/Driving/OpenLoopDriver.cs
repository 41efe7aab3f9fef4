using System.Diagnostics;
using Sourcing.LoadTest.Recording;
using Sourcing.LoadTest.Scenarios;

namespace Sourcing.LoadTest.Driving;

/// <summary>
/// Starts calls on a fixed schedule (call i at start + i / rate) whether or not earlier calls have answered, and
/// measures each from its slot on the schedule, not from when it actually left: a service (or a client) that falls
/// behind shows its queueing in the latencies instead of quietly lowering the rate (no coordinated omission).
/// </summary>
internal sealed class OpenLoopDriver(ILoadScenario scenario, RunRecorder recorder, double rate, int maxInFlight)
{
    private long _inFlight;

    public long InFlight => Interlocked.Read(ref _inFlight);

    public async Task RunAsync(TimeSpan drainTimeout, CancellationToken cancellationToken)
    {
        var start = recorder.StartTimestamp;
        var end = start + (long)((recorder.Warmup + recorder.Duration).TotalSeconds * Stopwatch.Frequency);
        var ticksPerCall = Stopwatch.Frequency / rate;
        long issued = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = Stopwatch.GetTimestamp();
            if (now >= end)
            {
                break;
            }

            var due = (long)((now - start) / ticksPerCall) + 1;
            while (issued < due)
            {
                var scheduled = start + (long)(issued * ticksPerCall);
                issued++;
                if (scheduled >= end)
                {
                    break;
                }

                if (Interlocked.Read(ref _inFlight) >= maxInFlight)
                {
                    recorder.Record(scenario.Name, scheduled, Stopwatch.GetTimestamp(), StatusNames.NotStarted);
                    continue;
                }

                Interlocked.Increment(ref _inFlight);
                _ = CallAsync(scheduled, cancellationToken);
            }

            // Timers fire about every millisecond; a slot missed by that much is still measured from its own time.
            await Task.Delay(1, CancellationToken.None);
        }

        var drainUntil = Stopwatch.GetTimestamp() + (long)(drainTimeout.TotalSeconds * Stopwatch.Frequency);
        while (Interlocked.Read(ref _inFlight) > 0 && Stopwatch.GetTimestamp() < drainUntil)
        {
            await Task.Delay(10, CancellationToken.None);
        }
    }

    private async Task CallAsync(long scheduled, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await CallGuard.RunAsync(scenario, cancellationToken);
            recorder.Record(outcome.Rpc, scheduled, Stopwatch.GetTimestamp(), outcome.Status);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}

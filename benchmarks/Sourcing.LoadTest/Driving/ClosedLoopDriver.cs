using System.Diagnostics;
using Sourcing.LoadTest.Recording;
using Sourcing.LoadTest.Scenarios;

namespace Sourcing.LoadTest.Driving;

/// <summary>
/// N callers, each starting its next call as soon as the last one answered. The rate is whatever the service
/// sustains; a latency is measured from the start of its own call, so waiting callers do not show up in it.
/// </summary>
internal sealed class ClosedLoopDriver(ILoadScenario scenario, RunRecorder recorder, int callers)
{
    private long _inFlight;

    public long InFlight => Interlocked.Read(ref _inFlight);

    public Task RunAsync(CancellationToken cancellationToken)
    {
        var end = recorder.StartTimestamp + (long)((recorder.Warmup + recorder.Duration).TotalSeconds * Stopwatch.Frequency);
        return Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(() => CallerAsync(end, cancellationToken), CancellationToken.None)));
    }

    private async Task CallerAsync(long end, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            if (started >= end)
            {
                return;
            }

            Interlocked.Increment(ref _inFlight);
            try
            {
                var outcome = await CallGuard.RunAsync(scenario, cancellationToken);
                recorder.Record(outcome.Rpc, started, Stopwatch.GetTimestamp(), outcome.Status);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }
}

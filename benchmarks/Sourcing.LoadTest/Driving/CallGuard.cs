using Grpc.Core;
using Sourcing.LoadTest.Recording;
using Sourcing.LoadTest.Scenarios;

namespace Sourcing.LoadTest.Driving;

/// <summary>Turns whatever a call throws into an outcome, so one failing call never stops a caller or the schedule.</summary>
internal static class CallGuard
{
    private static int _clientErrorsShown;

    public static async Task<CallOutcome> RunAsync(ILoadScenario scenario, CancellationToken cancellationToken)
    {
        try
        {
            return await scenario.RunOnceAsync(cancellationToken);
        }
        catch (RpcException e)
        {
            return new CallOutcome(scenario.Name, StatusNames.Of(e.StatusCode));
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The first few are shown: a tool bug must be visible, not just counted.
            if (Interlocked.Increment(ref _clientErrorsShown) <= 3)
            {
                Console.Error.WriteLine($"{Environment.NewLine}client error in {scenario.Name}: {e.GetType().Name}: {e.Message}");
            }

            return new CallOutcome(scenario.Name, StatusNames.ClientError);
        }
    }
}

using Sourcing.Optimizer;

namespace Sourcing.Service.Sourcing;

/// <summary>
/// Runs a CP-SAT search at start-up (<see cref="SolverWarmUp"/>): the first searches of a process load OR-Tools'
/// native library and JIT the model code (50-142 ms under a 50 ms deadline), which no customer's checkout should pay.
/// Finishes before the host goes on starting, then marks <see cref="OptimizerReadiness"/>.
/// </summary>
public sealed partial class OptimizerWarmUp(OptimizerReadiness readiness, ILogger<OptimizerWarmUp> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var plan = SolverWarmUp.Run();
        var searched = SolverWarmUp.SearchedWithCpSat(plan);
        if (!searched)
        {
            // Still usable: every solve falls back to greedy in time. The first real searches will be slow, though.
            LogNoSearch(logger, plan.Method, plan.Status.ToString());
        }

        readiness.MarkWarmedUp(searched);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Optimizer warm-up did not reach a CP-SAT search ({Method}, {Status})")]
    private static partial void LogNoSearch(ILogger logger, string method, string status);
}

namespace Sourcing.Service.Sourcing;

/// <summary>
/// Whether the optimizer has been warmed up (<see cref="OptimizerWarmUp"/>), for health: the service should not
/// report SERVING before the first CP-SAT search of the process is behind it.
/// </summary>
public sealed class OptimizerReadiness
{
    private readonly TaskCompletionSource _warmedUp = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsWarmedUp => _warmedUp.Task.IsCompleted;

    /// <summary>Completes when the warm-up has finished.</summary>
    public Task WarmedUp => _warmedUp.Task;

    /// <summary>Whether the warm-up reached a CP-SAT search (false: only greedy code was warmed, a warning was logged).</summary>
    public bool SearchedWithCpSat { get; private set; }

    internal void MarkWarmedUp(bool searchedWithCpSat)
    {
        SearchedWithCpSat = searchedWithCpSat;
        _warmedUp.TrySetResult();
    }
}

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

    internal void MarkWarmedUp() => _warmedUp.TrySetResult();
}

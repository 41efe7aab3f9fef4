namespace Sourcing.Optimizer;

/// <summary>How long and how hard to solve.</summary>
public sealed record SolveOptions
{
    /// <summary>Wall time for the whole solve; the best plan found by then is returned, and says whether it is proven optimal.</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Time kept back from CP-SAT for reading its answer and the watchdog's reaction.</summary>
    public TimeSpan Margin { get; init; } = TimeSpan.FromMilliseconds(1.5);

    /// <summary>Extra CP-SAT parameters in text format (e.g. "linearization_level:2"), for experiments and benchmarks.</summary>
    public string? ExtraSolverParameters { get; init; }
}

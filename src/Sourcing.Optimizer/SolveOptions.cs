namespace Sourcing.Optimizer;

/// <summary>How long and how hard to solve.</summary>
public sealed record SolveOptions
{
    /// <summary>Wall time for the whole solve; the best plan found by then is returned, and says whether it is proven optimal.</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Time kept back from CP-SAT for reading its answer and the watchdog's reaction.</summary>
    public TimeSpan Margin { get; init; } = TimeSpan.FromMilliseconds(1.5);

    /// <summary>
    /// Extra CP-SAT parameters in text format (e.g. "linearization_level:2"), for experiments and benchmarks. Checked
    /// against CP-SAT's parameter list before use (an unknown or mistyped one is an <see cref="Model.InvalidProblemException"/>,
    /// not a native abort); one named like a built-in parameter replaces it; the time limit comes from the deadline.
    /// </summary>
    public string? ExtraSolverParameters { get; init; }
}

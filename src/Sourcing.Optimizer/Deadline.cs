using System.Diagnostics;

namespace Sourcing.Optimizer;

/// <summary>A wall-clock budget started once and read by every stage, so no stage can spend time another already used.</summary>
internal sealed class Deadline(TimeSpan budget, TimeSpan margin)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>What is left for search, keeping <c>margin</c> back for reading the answer.</summary>
    public TimeSpan Remaining => budget - margin - _clock.Elapsed;

    public bool Expired => Remaining <= TimeSpan.Zero;
}

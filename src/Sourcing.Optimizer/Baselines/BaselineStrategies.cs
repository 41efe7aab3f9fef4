using Sourcing.Optimizer.Greedy;

namespace Sourcing.Optimizer.Baselines;

/// <summary>
/// The strategies other systems use, for comparison only. They obey the same constraints as the optimizer (same
/// engine), so a difference in cost is a difference in decisions, not in rules followed.
/// </summary>
public static class BaselineStrategies
{
    /// <summary>Run one with <see cref="GreedyPlanner.Solve"/>; <see cref="GreedyStrategy"/> says what each does.</summary>
    public static IReadOnlyList<GreedyStrategy> All { get; } = [GreedyStrategy.Priority, GreedyStrategy.Nearest, GreedyStrategy.SingleLocationFirst];
}

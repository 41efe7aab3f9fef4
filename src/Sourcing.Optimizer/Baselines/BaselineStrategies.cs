using Sourcing.Optimizer.Greedy;
using Sourcing.Optimizer.Model;

namespace Sourcing.Optimizer.Baselines;

/// <summary>
/// The strategies other systems use, for comparison only. They obey the same constraints as the optimizer (same
/// engine), so a difference in cost is a difference in decisions, not in rules followed.
/// </summary>
public static class BaselineStrategies
{
    public static IReadOnlyList<GreedyStrategy> All { get; } = [GreedyStrategy.Priority, GreedyStrategy.Nearest, GreedyStrategy.SingleLocationFirst];

    /// <summary>Locations in priority order, each line from the first with stock: Magento MSI's default source selection.</summary>
    public static SourcingPlan Priority(SourcingProblem problem) => GreedyPlanner.Solve(problem, GreedyStrategy.Priority);

    /// <summary>Cheapest unit first, line by line.</summary>
    public static SourcingPlan Nearest(SourcingProblem problem) => GreedyPlanner.Solve(problem, GreedyStrategy.Nearest);

    /// <summary>One location that can ship everything, else priority.</summary>
    public static SourcingPlan SingleLocationFirst(SourcingProblem problem) => GreedyPlanner.Solve(problem, GreedyStrategy.SingleLocationFirst);
}

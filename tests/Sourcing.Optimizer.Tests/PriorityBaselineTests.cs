using Sourcing.Optimizer.Greedy;
using Sourcing.Optimizer.Model;
using Sourcing.Testing;

namespace Sourcing.Optimizer.Tests;

/// <summary>The "priority" baseline is Magento MSI's default source selection: the merchant's source order, not ours.</summary>
public sealed class PriorityBaselineTests
{
    [Fact]
    public void Solve_PriorityStrategy_TakesAllItCanFromTheFirstSourceInPriorityOrderThenTheNext()
    {
        // Priorities 2, 0, 1: location 1 first, then 2, then 0, whatever the costs and indexes say.
        var problem = new SourcingProblem(
            [new ProblemLocation("cheap", Priority: 2), new ProblemLocation("first", Priority: 0), new ProblemLocation("second", Priority: 1)],
            new Dictionary<StockKey, int> { [new("A", 0)] = 9, [new("A", 1)] = 2, [new("A", 2)] = 2 },
            [new ProblemOrder("o", [new ProblemLine("A", 5, [new Candidate(0, 1), new Candidate(1, 90), new Candidate(2, 90)])], [10, 500, 500], new OrderPolicy())]);

        var plan = GreedyPlanner.Solve(problem, GreedyStrategy.Priority);

        Assert.Equal([new Allocation(1, 2), new Allocation(2, 2), new Allocation(0, 1)], plan.Orders[0].Lines[0].Allocations);
    }

    [Fact]
    public void Realistic_PriorityList_WarehousesFirstThenStoresEachInIdOrder()
    {
        var problem = OptimizerInstances.Realistic(seed: 4, lines: 3, locations: 50);

        var byPriority = problem.Locations.Select((location, index) => (location.Priority, Index: index)).OrderBy(p => p.Priority).Select(p => p.Index).ToList();

        // Every tenth location is a warehouse (0, 10, 20, ...): those five first, then the stores, each by index.
        Assert.Equal(Enumerable.Range(0, 50).Where(i => i % 10 == 0).Concat(Enumerable.Range(0, 50).Where(i => i % 10 != 0)), byPriority);
        Assert.Equal(50, problem.Locations.Select(l => l.Priority).Distinct().Count());
    }
}

using Sourcing.Optimizer.CpSat;
using Sourcing.Optimizer.Model;
using Sourcing.Testing;

namespace Sourcing.Optimizer.Tests;

public sealed class CpSatSolverTests
{
    [Fact]
    public void Solve_100By1000WithTooLittleTimeToPrune_SkipsWithoutReadingTheCandidates()
    {
        // 100,000 candidates take about 5 ms to prune; with 5 ms left there is no time for pruning and a search.
        var problem = OptimizerInstances.Realistic(seed: 2, lines: 100, locations: 1_000);
        var costs = new CostTable(problem);
        var bounds = problem.Orders.Select((order, o) => new Bounds(problem, order, costs, o)).ToList();

        var result = CpSatSolver.Solve(problem, costs, bounds, greedy: null, upperBound: null, new Deadline(TimeSpan.FromMilliseconds(5), TimeSpan.Zero), extraParameters: null);

        Assert.Null(result.Decisions);
        Assert.Equal(0, result.Statistics.CandidateArcs);
        Assert.Equal(TimeSpan.Zero, result.Statistics.SearchLimit);
    }
}

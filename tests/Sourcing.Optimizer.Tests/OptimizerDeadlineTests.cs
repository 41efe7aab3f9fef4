using Sourcing.Optimizer.Greedy;
using Sourcing.Optimizer.Model;
using Sourcing.Optimizer.Tests.Infrastructure;
using Sourcing.Testing;

namespace Sourcing.Optimizer.Tests;

/// <summary>The deadline covers every stage: with no time left, the stages after the first greedy pass are skipped.</summary>
public sealed class OptimizerDeadlineTests
{
    private static readonly SolveOptions Spent = new() { Deadline = TimeSpan.FromTicks(1) };

    [Fact]
    public void Solve_DeadlineAlreadySpent_ReturnsTheFirstGreedyPlanWithoutRunningTheBaselines()
    {
        // Instances where a baseline beats our greedy: with time, the optimizer would return the baseline's plan or better.
        var cases = 0;
        var failures = new List<string>();
        for (var seed = 1; seed <= 400; seed++)
        {
            var problem = OptimizerInstances.SmallWithConstraints(seed, maxLines: 6, maxLocations: 8);
            var ours = GreedyPlanner.Solve(problem, GreedyStrategy.CostAware);
            var bestBaseline = Enum.GetValues<GreedyStrategy>().Skip(1).Select(s => GreedyPlanner.Solve(problem, s)).Where(p => p.HasPlan).MinBy(p => p.Cost.Total);
            if (!ours.HasPlan || bestBaseline is null || bestBaseline.Cost.Total >= ours.Cost.Total)
            {
                continue;
            }

            var plan = SourcingOptimizer.Solve(problem, Spent);
            var withTime = SourcingOptimizer.Solve(problem, new SolveOptions { Deadline = TimeSpan.FromSeconds(5) });
            if (plan.Status == SolveStatus.Optimal)
            {
                continue; // proven by the bound at once: nothing else would run anyway
            }

            cases++;
            if (plan.Cost.Total != ours.Cost.Total || plan.Status != SolveStatus.HeuristicFallback || plan.Statistics is not null || plan.BestBound > plan.Cost.Total)
            {
                failures.Add($"seed {seed}: {plan.Status} {plan.Cost.Total} via {plan.Method}, our greedy {ours.Cost.Total}, statistics {plan.Statistics}");
            }

            Assert.True(withTime.Cost.Total <= bestBaseline.Cost.Total, $"seed {seed}: with time {withTime.Cost.Total}, baseline {bestBaseline.Cost.Total}");
        }

        Assert.True(cases > 0, "no instance where a baseline beats our greedy");
        Assert.Empty(failures);
    }

    [Fact]
    public void Solve_100LinesBy1000LocationsWithNoTimeLeft_StillAValidPlanWithAnHonestStatus()
    {
        var problem = OptimizerInstances.Realistic(seed: 1, lines: 100, locations: 1_000, withConstraints: true);

        var plan = SourcingOptimizer.Solve(problem, Spent);

        Assert.True(plan.HasPlan, plan.Status.ToString());
        Assert.Empty(Referee.Judge(problem, plan).Broken);
        Assert.Null(plan.Statistics);
        Assert.True(plan.Status == SolveStatus.HeuristicFallback || plan.Method == "greedy+bound", $"{plan.Status} via {plan.Method}");
        Assert.True(plan.BestBound <= plan.Cost.Total, $"bound {plan.BestBound} over cost {plan.Cost.Total}");
    }
}

using Sourcing.Optimizer.Greedy;
using Sourcing.Optimizer.Model;
using Sourcing.Optimizer.Tests.Infrastructure;
using Sourcing.Testing;

namespace Sourcing.Optimizer.Tests;

public sealed class OptimizerExactnessTests
{
    // Generous: these are correctness tests, the latency figures live in the benchmarks.
    private static readonly SolveOptions Unhurried = new() { Deadline = TimeSpan.FromSeconds(5) };

    [Fact]
    public void Solve_500SmallRandomInstances_CostEqualsBruteForceOptimum()
    {
        var mismatches = new List<string>();
        for (var seed = 1; seed <= 500; seed++)
        {
            var problem = OptimizerInstances.SmallWithConstraints(seed);
            var optimum = BruteForce.OptimalCost(problem);
            var plan = SourcingOptimizer.Solve(problem, Unhurried);

            if (optimum is null ? plan.HasPlan : !plan.HasPlan || plan.Cost.Total != optimum || plan.Status != SolveStatus.Optimal)
            {
                mismatches.Add($"seed {seed}: brute force {optimum?.ToString() ?? "infeasible"}, optimizer {plan.Status} {plan.Cost.Total} via {plan.Method}");
            }
        }

        Assert.Empty(mismatches);
    }

    [Fact]
    public void Solve_400GroupInstances_ValidPlanAtTheBruteForceOptimum()
    {
        var mismatches = new List<string>();
        for (var seed = 1; seed <= 400; seed++)
        {
            var problem = OptimizerInstances.SmallWithGroups(seed);
            var optimum = BruteForce.OptimalCost(problem);
            var plan = SourcingOptimizer.Solve(problem, Unhurried);
            var verdict = Referee.Judge(problem, plan);

            if (optimum is null ? plan.HasPlan : !plan.HasPlan || !verdict.Valid || verdict.Cost != optimum || plan.Status != SolveStatus.Optimal)
            {
                mismatches.Add($"seed {seed}: brute force {optimum?.ToString() ?? "infeasible"}, optimizer {plan.Status} {verdict.Cost} via {plan.Method} {string.Join("; ", verdict.Broken)}");
            }
        }

        Assert.Empty(mismatches);
    }

    [Fact]
    public void Solve_BatchOfTwoOrdersOnSharedStock_CostEqualsBruteForceOptimum()
    {
        var mismatches = new List<string>();
        for (var seed = 1; seed <= 150; seed++)
        {
            var problem = OptimizerInstances.SmallWithConstraints(seed, maxLines: 2, maxLocations: 4, orders: 2);
            var optimum = BruteForce.OptimalCost(problem);
            var plan = SourcingOptimizer.Solve(problem, Unhurried);

            if (optimum is null ? plan.HasPlan : plan.Cost.Total != optimum)
            {
                mismatches.Add($"seed {seed}: brute force {optimum?.ToString() ?? "infeasible"}, optimizer {plan.Status} {plan.Cost.Total}");
            }
        }

        Assert.Empty(mismatches);
    }

    [Fact]
    public void Solve_1000RandomInstances_EveryConstraintHoldsAndNeverWorseThanGreedyOrBaselines()
    {
        var failures = new List<string>();
        for (var seed = 1_000; seed < 2_000; seed++)
        {
            var problem = seed % 4 == 0
                ? OptimizerInstances.SmallWithConstraints(seed, maxLines: 3, maxLocations: 5, orders: 3)
                : OptimizerInstances.SmallWithConstraints(seed, maxLines: 6, maxLocations: 10);
            var plan = SourcingOptimizer.Solve(problem, Unhurried);

            var violations = PlanEvaluator.Violations(problem, plan);
            if (violations.Count > 0)
            {
                failures.Add($"seed {seed}: {string.Join("; ", violations)}");
            }

            foreach (var strategy in BaselineStrategiesAndGreedy())
            {
                var other = GreedyPlanner.Solve(problem, strategy);
                Assert.Empty(PlanEvaluator.Violations(problem, other));
                if (other.HasPlan && (!plan.HasPlan || other.Cost.Total < plan.Cost.Total))
                {
                    failures.Add($"seed {seed}: {other.Method} {other.Cost.Total} beats the optimizer's {plan.Cost.Total}");
                }
            }
        }

        Assert.Empty(failures);
    }

    [Theory]
    [InlineData(10, 50)]
    [InlineData(20, 200)]
    [InlineData(50, 500)]
    public void Solve_RealisticInstancesWithConstraints_ValidAndNoWorseThanAnyBaseline(int lines, int locations)
    {
        for (var seed = 1; seed <= 5; seed++)
        {
            var problem = OptimizerInstances.Realistic(seed, lines, locations, withConstraints: true);
            var plan = SourcingOptimizer.Solve(problem, new SolveOptions { Deadline = TimeSpan.FromMilliseconds(200) });

            Assert.Empty(PlanEvaluator.Violations(problem, plan));
            foreach (var strategy in BaselineStrategiesAndGreedy())
            {
                var other = GreedyPlanner.Solve(problem, strategy);
                Assert.True(!other.HasPlan || other.Cost.Total >= plan.Cost.Total, $"seed {seed}: {other.Method} {other.Cost.Total} < {plan.Cost.Total}");
            }
        }
    }

    private static IEnumerable<GreedyStrategy> BaselineStrategiesAndGreedy() => Enum.GetValues<GreedyStrategy>();
}

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
        Assert.Empty(MismatchesOver(500, seed => OptimizerInstances.SmallWithConstraints(seed)));
    }

    [Fact]
    public void Solve_400GroupInstances_ValidPlanAtTheBruteForceOptimum()
    {
        Assert.Empty(MismatchesOver(400, OptimizerInstances.SmallWithGroups));
    }

    [Fact]
    public void Solve_200InstancesWithCostsNearThe2To53Limit_ExactlyAtTheBruteForceOptimum()
    {
        Assert.Empty(MismatchesOver(200, seed => InstanceFamilies.NearTheCostLimit(seed)));
    }

    [Fact]
    public void Solve_200InstancesWithCostsPastThe2To53Limit_RefusedNeverAPlan()
    {
        var planned = new List<string>();
        for (var seed = 1; seed <= 200; seed++)
        {
            var problem = InstanceFamilies.NearTheCostLimit(seed, beyond: 1.5);
            try
            {
                var plan = SourcingOptimizer.Solve(problem, Unhurried);
                planned.Add($"seed {seed}: {plan.Status} {plan.Cost.Total}");
            }
            catch (InvalidProblemException)
            {
                // The answer wanted: refused, naming the value.
            }
        }

        Assert.Empty(planned);
    }

    [Fact]
    public void Solve_100InstancesWithoutLocations_BackorderedOrInfeasibleAsTheBruteForceSays()
    {
        Assert.Empty(MismatchesOver(100, InstanceFamilies.WithoutLocations));
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

            if (Mismatch(problem, optimum, plan, requireProof: false) is { } mismatch)
            {
                mismatches.Add($"seed {seed}: {mismatch}");
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
            var problem = (seed % 8) switch
            {
                0 or 4 => OptimizerInstances.SmallWithConstraints(seed, maxLines: 3, maxLocations: 5, orders: 3),
                1 => OptimizerInstances.SmallWithGroups(seed),
                2 => InstanceFamilies.NearTheCostLimit(seed),
                3 when seed % 24 == 3 => InstanceFamilies.WithoutLocations(seed),
                _ => OptimizerInstances.SmallWithConstraints(seed, maxLines: 6, maxLocations: 10),
            };
            var plan = SourcingOptimizer.Solve(problem, Unhurried);

            var verdict = Referee.Judge(problem, plan);
            if (plan.HasPlan && !verdict.Valid)
            {
                failures.Add($"seed {seed}: {string.Join("; ", verdict.Broken)}");
            }

            if (plan.BestBound > plan.Cost.Total && plan.HasPlan)
            {
                failures.Add($"seed {seed}: bound {plan.BestBound} above the plan's cost {plan.Cost.Total}");
            }

            foreach (var strategy in BaselineStrategiesAndGreedy())
            {
                var other = GreedyPlanner.Solve(problem, strategy);
                Assert.True(!other.HasPlan || Referee.Judge(problem, other).Valid, $"seed {seed}: {other.Method} broke a constraint");
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
            // Time for every stage: the deadline also covers the baselines, so on a tight one (or the first, cold call
            // of a busy machine) only our greedy may have run, and a baseline can then be cheaper.
            var plan = SourcingOptimizer.Solve(problem, new SolveOptions { Deadline = TimeSpan.FromSeconds(1) });

            Assert.Empty(Referee.Judge(problem, plan).Broken);
            foreach (var strategy in BaselineStrategiesAndGreedy())
            {
                var other = GreedyPlanner.Solve(problem, strategy);
                Assert.True(!other.HasPlan || other.Cost.Total >= plan.Cost.Total, $"seed {seed}: {other.Method} {other.Cost.Total} < {plan.Cost.Total}");
            }
        }
    }

    private static IEnumerable<GreedyStrategy> BaselineStrategiesAndGreedy() => Enum.GetValues<GreedyStrategy>();

    /// <summary>Solves seeds 1..<paramref name="seeds"/> of a family and lists every plan the brute force disagrees with.</summary>
    private static List<string> MismatchesOver(int seeds, Func<int, SourcingProblem> family)
    {
        var mismatches = new List<string>();
        for (var seed = 1; seed <= seeds; seed++)
        {
            var problem = family(seed);
            if (Mismatch(problem, BruteForce.OptimalCost(problem), SourcingOptimizer.Solve(problem, Unhurried)) is { } mismatch)
            {
                mismatches.Add($"seed {seed}: {mismatch}");
            }
        }

        return mismatches;
    }

    /// <summary>
    /// What is wrong with the optimizer's answer against the brute-force optimum (null when nothing): a plan where none
    /// exists or none where one does, a broken constraint or a misreported cost (by the test's own referee), a cost
    /// above the optimum, or (with <paramref name="requireProof"/>) a status short of proven optimal.
    /// </summary>
    private static string? Mismatch(SourcingProblem problem, long? optimum, SourcingPlan plan, bool requireProof = true)
    {
        var said = $"brute force {optimum?.ToString() ?? "infeasible"}, optimizer {plan.Status} {plan.Cost.Total} via {plan.Method}";
        if (optimum is null)
        {
            return plan.HasPlan ? said : null;
        }

        var verdict = Referee.Judge(problem, plan);
        return !plan.HasPlan || !verdict.Valid || verdict.Cost != optimum || (requireProof && plan.Status != SolveStatus.Optimal)
            ? $"{said} {string.Join("; ", verdict.Broken)}"
            : null;
    }
}

using Sourcing.Optimizer;
using Sourcing.Optimizer.Baselines;
using Sourcing.Optimizer.Greedy;
using Sourcing.Optimizer.Model;
using Sourcing.Testing;

namespace Sourcing.Benchmarks.Optimizer;

/// <summary>
/// The decision-quality comparison: the optimizer and each baseline over the same seeded orders (1-10 lines,
/// 50 locations, distance-based costs), side by side: total cost, shipments per order, backordered units; then a day
/// of orders on shared stock (<see cref="SharedStockDayComparison"/>). Arguments: [orders] [orders in the day].
/// </summary>
internal static class QualityComparison
{
    public static void Run(string[] args)
    {
        var orders = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
        OptimizerLatencyReport.Warm();
        var names = new[] { "optimizer (CP-SAT)", "greedy (cost-aware)" }.Concat(BaselineStrategies.All.Select(GreedyPlanner.MethodName)).ToArray();
        var totals = new (long Cost, long Shipments, long Backordered, int Optimal)[names.Length];
        for (var seed = 1; seed <= orders; seed++)
        {
            var random = new Random(seed);
            var problem = OptimizerInstances.Realistic(seed, lines: random.Next(1, 11), locations: 50);
            var plans = new List<SourcingPlan> { SourcingOptimizer.Solve(problem, new SolveOptions { Deadline = TimeSpan.FromMilliseconds(50) }) };
            plans.Add(GreedyPlanner.Solve(problem, GreedyStrategy.CostAware));
            plans.AddRange(BaselineStrategies.All.Select(strategy => GreedyPlanner.Solve(problem, strategy)));
            for (var i = 0; i < plans.Count; i++)
            {
                totals[i].Cost += plans[i].Cost.Total;
                totals[i].Shipments += plans[i].Shipments;
                totals[i].Backordered += plans[i].BackorderedUnits;
                totals[i].Optimal += plans[i].Status == SolveStatus.Optimal ? 1 : 0;
            }
        }

        Console.WriteLine($"{orders} seeded orders, 1-10 lines each, 50 locations (10% warehouses), costs from distances; cost in cents");
        Console.WriteLine("| strategy | total cost | vs optimizer | shipments per order | backordered units |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        for (var i = 0; i < names.Length; i++)
        {
            var overOptimizer = 100.0 * (totals[i].Cost - totals[0].Cost) / totals[0].Cost;
            Console.WriteLine($"| {names[i]} | {totals[i].Cost:N0} | {overOptimizer:+0.00;-0.00;0.00}% | {(double)totals[i].Shipments / orders:0.000} | {totals[i].Backordered:N0} |");
        }

        Console.WriteLine($"optimizer proven optimal on {100.0 * totals[0].Optimal / orders:0.00}% of orders");
        SharedStockDayComparison.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 500);
    }
}

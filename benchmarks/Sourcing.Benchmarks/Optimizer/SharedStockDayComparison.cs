using Sourcing.Optimizer;
using Sourcing.Optimizer.Baselines;
using Sourcing.Optimizer.Greedy;
using Sourcing.Optimizer.Model;
using Sourcing.Testing;

namespace Sourcing.Benchmarks.Optimizer;

/// <summary>
/// A day of orders on one stock pool, per strategy: each order is solved against what is left, its allocations are
/// taken out, then the next order comes. Where stock runs low, a strategy's early choices decide what later orders
/// can get, so it reports backordered units next to cost.
/// </summary>
internal static class SharedStockDayComparison
{
    public static void Run(int orders)
    {
        var (locations, stock, dayOrders) = OptimizerInstances.SharedStockDay(seed: 1, orders);
        var names = new[] { "optimizer (CP-SAT)", "greedy (cost-aware)" }.Concat(BaselineStrategies.All.Select(GreedyPlanner.MethodName)).ToArray();
        Console.WriteLine();
        Console.WriteLine($"A day of {orders} orders (1-5 lines) drawn one after another on one stock pool: 50 locations, 100 SKUs, {stock.Values.Sum():N0} units at the start");
        Console.WriteLine("| strategy | total cost | vs optimizer | shipments per order | backordered units | units left |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        var results = new List<(string Name, long Cost, long Shipments, long Backordered, long Left)>();
        for (var s = 0; s < names.Length; s++)
        {
            var left = new Dictionary<StockKey, int>(stock);
            long cost = 0, shipments = 0, backordered = 0;
            foreach (var order in dayOrders)
            {
                var problem = new SourcingProblem(locations, left, [order]);
                var plan = s switch
                {
                    0 => SourcingOptimizer.Solve(problem, new SolveOptions { Deadline = TimeSpan.FromMilliseconds(50) }),
                    1 => GreedyPlanner.Solve(problem, GreedyStrategy.CostAware),
                    _ => GreedyPlanner.Solve(problem, BaselineStrategies.All[s - 2]),
                };
                cost += plan.Cost.Total;
                shipments += plan.Shipments;
                backordered += plan.BackorderedUnits;
                for (var l = 0; l < order.Lines.Count; l++)
                {
                    foreach (var allocation in plan.Orders[0].Lines[l].Allocations)
                    {
                        left[new StockKey(order.Lines[l].Sku, allocation.Location)] -= allocation.Quantity;
                    }
                }
            }

            results.Add((names[s], cost, shipments, backordered, left.Values.Sum()));
        }

        foreach (var (name, cost, shipments, backordered, left) in results)
        {
            var overOptimizer = 100.0 * (cost - results[0].Cost) / results[0].Cost;
            Console.WriteLine($"| {name} | {cost:N0} | {overOptimizer:+0.00;-0.00;0.00}% | {(double)shipments / orders:0.000} | {backordered:N0} | {left:N0} |");
        }
    }
}

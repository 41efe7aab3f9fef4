using System.Diagnostics;
using Sourcing.Optimizer.Model;

namespace Sourcing.Optimizer.Greedy;

/// <summary>
/// Fills orders in sequence against shared stock, in blocks: a group (whole, from one location), a no-split line
/// (whole, from one location), or a splittable line (from one location after another). Strategies differ only in how
/// they rank locations. Microseconds per order; the CP-SAT solver uses the cost-aware plan as hint and fallback.
/// </summary>
public static class GreedyPlanner
{
    public static SourcingPlan Solve(SourcingProblem problem, GreedyStrategy strategy)
    {
        var clock = Stopwatch.StartNew();
        var decisions = Decide(problem, strategy);
        var method = MethodName(strategy);
        return decisions is null
            ? SourcingPlan.Infeasible(clock.Elapsed, method)
            : PlanEvaluator.Assemble(problem, decisions, SolveStatus.HeuristicFallback, null, clock.Elapsed, method);
    }

    public static string MethodName(GreedyStrategy strategy) => strategy switch
    {
        GreedyStrategy.CostAware => "greedy",
        GreedyStrategy.Priority => "priority",
        GreedyStrategy.Nearest => "nearest",
        GreedyStrategy.SingleLocationFirst => "single-location-first",
        _ => throw new ArgumentOutOfRangeException(nameof(strategy)),
    };

    /// <summary>Per order, per line, the decision; null when some order cannot be sourced under its constraints.</summary>
    internal static LinePlan[][]? Decide(SourcingProblem problem, GreedyStrategy strategy)
    {
        var state = new GreedyState(problem);
        var decisions = new LinePlan[problem.Orders.Count][];
        for (var o = 0; o < problem.Orders.Count; o++)
        {
            var order = problem.Orders[o];
            var mark = state.UndoMark;
            var decided = strategy switch
            {
                GreedyStrategy.CostAware => CheaperOfFillAndSingleLocation(problem, state, order, mark, FillByBlocks(problem, state, order, GreedyStrategy.CostAware)),
                GreedyStrategy.SingleLocationFirst => WholeOrderFromFirstLocation(problem, state, order) ?? FillByBlocks(problem, state, order, GreedyStrategy.Priority),
                _ => FillByBlocks(problem, state, order, strategy),
            };
            if (decided is null)
            {
                return null;
            }

            decisions[o] = decided;
        }

        return decisions;
    }

    private static LinePlan[]? FillByBlocks(SourcingProblem problem, GreedyState state, ProblemOrder order, GreedyStrategy strategy)
    {
        var mark = state.UndoMark;
        state.StartOrder(order);
        var allocations = order.Lines.Select(_ => new List<Allocation>()).ToArray();
        var backordered = new int[order.Lines.Count];
        foreach (var block in Blocks(order, hardestFirst: strategy == GreedyStrategy.CostAware))
        {
            if (block.Length > 1 || order.Lines[block[0]].NoSplit || order.Lines[block[0]].GroupId is not null)
            {
                FillWhole(problem, state, order, block, strategy, allocations, backordered);
            }
            else
            {
                FillSplittable(problem, state, order, block[0], strategy, allocations, backordered);
            }
        }

        return Finish(state, order, mark, allocations, backordered);
    }

    /// <summary>Applies the order policy to a filled order: refuses backorders where not allowed; ship complete or nothing.</summary>
    private static LinePlan[]? Finish(GreedyState state, ProblemOrder order, int mark, List<Allocation>[] allocations, int[] backordered)
    {
        var anyBackorder = backordered.Any(b => b > 0);
        if (anyBackorder && order.Policy.ShipComplete && allocations.Any(a => a.Count > 0))
        {
            state.UndoTo(mark);
            return order.Policy.AllowBackorder ? order.Lines.Select(l => new LinePlan([], l.Quantity)).ToArray() : null;
        }

        if (anyBackorder && !order.Policy.AllowBackorder)
        {
            state.UndoTo(mark);
            return null;
        }

        return allocations.Select((a, l) => new LinePlan(a, backordered[l])).ToArray();
    }

    private static void FillWhole(SourcingProblem problem, GreedyState state, ProblemOrder order, int[] block, GreedyStrategy strategy, List<Allocation>[] allocations, int[] backordered)
    {
        var quantity = block.Sum(l => order.Lines[l].Quantity);
        var best = -1;
        var bestScore = double.MaxValue;
        foreach (var location in CommonCandidates(order, block))
        {
            if (!state.CanShipFrom(location) || !CanTakeWhole(state, order, block, location))
            {
                continue;
            }

            var unitCost = block.Sum(l => order.Lines[l].Quantity * PlanEvaluator.UnitCost(order.Lines[l], location));
            var score = Score(problem, state, order, strategy, location, unitCost, quantity);
            if (score < bestScore || (score == bestScore && location < best))
            {
                (best, bestScore) = (location, score);
            }
        }

        var backorderIsCheaper = strategy == GreedyStrategy.CostAware && order.Policy.AllowBackorder && bestScore > order.Policy.BackorderPenaltyPerUnit;
        foreach (var l in block)
        {
            if (best < 0 || backorderIsCheaper)
            {
                backordered[l] += order.Lines[l].Quantity;
                continue;
            }

            state.Take(order.Lines[l].Sku, best, order.Lines[l].Quantity);
            allocations[l].Add(new Allocation(best, order.Lines[l].Quantity));
        }
    }

    private static void FillSplittable(SourcingProblem problem, GreedyState state, ProblemOrder order, int l, GreedyStrategy strategy, List<Allocation>[] allocations, int[] backordered)
    {
        var line = order.Lines[l];
        var remaining = line.Quantity;
        while (remaining > 0)
        {
            var best = -1;
            var bestTake = 0;
            var bestScore = double.MaxValue;
            foreach (var candidate in line.Candidates)
            {
                var location = candidate.Location;
                var take = Math.Min(remaining, state.Takeable(line.Sku, location));
                if (take <= 0 || !state.CanShipFrom(location) || (line.RequiredLocation is { } required && required != location))
                {
                    continue;
                }

                var score = Score(problem, state, order, strategy, location, candidate.UnitCost * take, take);
                if (score < bestScore || (score == bestScore && location < best))
                {
                    (best, bestTake, bestScore) = (location, take, score);
                }
            }

            if (best < 0 || (strategy == GreedyStrategy.CostAware && order.Policy.AllowBackorder && bestScore > order.Policy.BackorderPenaltyPerUnit))
            {
                break;
            }

            state.Take(line.Sku, best, bestTake);
            allocations[l].Add(new Allocation(best, bestTake));
            remaining -= bestTake;
        }

        backordered[l] += remaining;
    }

    /// <summary>Lower is better.</summary>
    private static double Score(SourcingProblem problem, GreedyState state, ProblemOrder order, GreedyStrategy strategy, int location, long unitCost, int units) => strategy switch
    {
        GreedyStrategy.CostAware => (unitCost + (state.IsOpen(location) ? 0 : order.ShipmentCost[location])) / (double)units,
        GreedyStrategy.Nearest => unitCost / (double)units,
        _ => problem.Locations[location].Priority,
    };

    /// <summary>
    /// The cost-aware fill, or every line from the one location that ships the whole order cheapest, whichever costs
    /// less; <paramref name="mark"/> is the state before the fill, so the alternative starts from the same stock.
    /// </summary>
    private static LinePlan[]? CheaperOfFillAndSingleLocation(SourcingProblem problem, GreedyState state, ProblemOrder order, int mark, LinePlan[]? filled)
    {
        var filledIsSingleShipment = filled is not null && filled.All(l => l.Backordered == 0)
            && filled.SelectMany(l => l.Allocations).Select(a => a.Location).Distinct().Count() <= 1;
        if (filledIsSingleShipment)
        {
            return filled;
        }

        var filledCost = filled is null ? long.MaxValue : PlanEvaluator.Price(order, filled).Cost.Total;
        state.UndoTo(mark);
        var single = WholeOrderFromBestLocation(problem, state, order);
        if (single is not null && PlanEvaluator.Price(order, single).Cost.Total < filledCost)
        {
            return single;
        }

        // Keep the fill: put its takes back.
        state.UndoTo(mark);
        state.StartOrder(order);
        for (var l = 0; filled is not null && l < filled.Length; l++)
        {
            foreach (var allocation in filled[l].Allocations)
            {
                state.Take(order.Lines[l].Sku, allocation.Location, allocation.Quantity);
            }
        }

        return filled;
    }

    private static LinePlan[]? WholeOrderFromBestLocation(SourcingProblem problem, GreedyState state, ProblemOrder order) =>
        WholeOrderFrom(state, order, AllLinesCandidates(order).OrderBy(location => WholeOrderCost(order, location)).ThenBy(location => location));

    private static LinePlan[]? WholeOrderFromFirstLocation(SourcingProblem problem, GreedyState state, ProblemOrder order) =>
        WholeOrderFrom(state, order, AllLinesCandidates(order).OrderBy(location => problem.Locations[location].Priority).ThenBy(location => location));

    private static LinePlan[]? WholeOrderFrom(GreedyState state, ProblemOrder order, IEnumerable<int> locations)
    {
        state.StartOrder(order);
        var all = Enumerable.Range(0, order.Lines.Count).ToArray();
        foreach (var location in locations)
        {
            if (state.CanShipFrom(location) && CanTakeWhole(state, order, all, location))
            {
                foreach (var l in all)
                {
                    state.Take(order.Lines[l].Sku, location, order.Lines[l].Quantity);
                }

                return order.Lines.Select(line => new LinePlan([new Allocation(location, line.Quantity)], 0)).ToArray();
            }
        }

        return null;
    }

    private static long WholeOrderCost(ProblemOrder order, int location) =>
        order.ShipmentCost[location] + order.Lines.Sum(line => line.Quantity * PlanEvaluator.UnitCost(line, location));

    private static bool CanTakeWhole(GreedyState state, ProblemOrder order, int[] lines, int location)
    {
        var units = 0;
        foreach (var bySku in lines.GroupBy(l => order.Lines[l].Sku))
        {
            var needed = bySku.Sum(l => order.Lines[l].Quantity);
            if (state.Takeable(bySku.Key, location) < needed)
            {
                return false;
            }

            units += needed;
        }

        return state.UnitsLeft(location) >= units;
    }

    private static IEnumerable<int> AllLinesCandidates(ProblemOrder order) => CommonCandidates(order, Enumerable.Range(0, order.Lines.Count).ToArray());

    /// <summary>Locations that are candidates of every line of the block (and its pickup location, if any).</summary>
    private static IEnumerable<int> CommonCandidates(ProblemOrder order, int[] block)
    {
        IEnumerable<int> common = order.Lines[block[0]].Candidates.Select(c => c.Location);
        foreach (var l in block)
        {
            var line = order.Lines[l];
            var here = line.Candidates.Select(c => c.Location).Where(location => line.RequiredLocation is null || line.RequiredLocation == location).ToHashSet();
            common = common.Where(here.Contains);
        }

        return common.ToList();
    }

    /// <summary>Groups and single lines; hardest first (whole blocks, then larger quantities) for the cost-aware strategy.</summary>
    private static IEnumerable<int[]> Blocks(ProblemOrder order, bool hardestFirst)
    {
        var seen = new HashSet<string>();
        var blocks = new List<int[]>();
        for (var l = 0; l < order.Lines.Count; l++)
        {
            var group = order.Lines[l].GroupId;
            if (group is null)
            {
                blocks.Add([l]);
            }
            else if (seen.Add(group))
            {
                blocks.Add(Enumerable.Range(0, order.Lines.Count).Where(i => order.Lines[i].GroupId == group).ToArray());
            }
        }

        return hardestFirst
            ? blocks.OrderByDescending(b => b.Length > 1 || order.Lines[b[0]].NoSplit || order.Lines[b[0]].GroupId is not null).ThenByDescending(b => b.Sum(l => order.Lines[l].Quantity))
            : blocks;
    }
}

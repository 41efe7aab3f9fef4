using System.Diagnostics;
using Sourcing.Optimizer.Model;

namespace Sourcing.Optimizer.Greedy;

/// <summary>
/// Fills orders in sequence against shared stock, in blocks: a group (whole, from one location), a no-split line
/// (whole, from one location), or a splittable line (from one location after another). Strategies differ only in how
/// they rank locations. Microseconds per order; the exact solver uses the best greedy plan as hint, ceiling and fallback.
/// </summary>
public static class GreedyPlanner
{
    public static SourcingPlan Solve(SourcingProblem problem, GreedyStrategy strategy)
    {
        var clock = Stopwatch.StartNew();
        var decisions = Decide(problem, new CostTable(problem), strategy);
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
    internal static LinePlan[][]? Decide(SourcingProblem problem, CostTable costs, GreedyStrategy strategy) => new Run(problem, costs, strategy).Decide();

    /// <summary>One greedy pass: the problem, what is left of stock and capacity, and the strategy's ranking.</summary>
    private sealed class Run(SourcingProblem problem, CostTable costs, GreedyStrategy strategy)
    {
        private readonly GreedyState _state = new(problem, costs);
        private int _order;

        public LinePlan[][]? Decide()
        {
            var decisions = new LinePlan[problem.Orders.Count][];
            for (_order = 0; _order < problem.Orders.Count; _order++)
            {
                var order = problem.Orders[_order];
                var mark = _state.UndoMark;
                var decided = strategy switch
                {
                    GreedyStrategy.CostAware => CheaperOfFillAndSingleLocation(order, mark, FillByBlocks(order)),
                    GreedyStrategy.SingleLocationFirst => WholeOrderFrom(order, ByPriority(order)) ?? FillByBlocks(order),
                    _ => FillByBlocks(order),
                };
                if (decided is null)
                {
                    return null;
                }

                decisions[_order] = decided;
            }

            return decisions;
        }

        private bool CostAware => strategy == GreedyStrategy.CostAware;

        private long UnitCost(int line, int location) => costs.UnitCost(_order, line, location);

        private int Sku(int line) => costs.SkuId(_order, line);

        private LinePlan[]? FillByBlocks(ProblemOrder order)
        {
            var mark = _state.UndoMark;
            _state.StartOrder(order);
            var allocations = order.Lines.Select(_ => new List<Allocation>()).ToArray();
            var backordered = new int[order.Lines.Count];
            foreach (var block in Blocks(order))
            {
                var first = order.Lines[block[0]];
                if (block.Length > 1 || first.NoSplit || first.GroupId is not null)
                {
                    FillWhole(order, block, allocations, backordered);
                }
                else
                {
                    FillSplittable(order, block[0], allocations, backordered);
                }
            }

            // The order policy: backorders only where allowed; ship complete or nothing.
            var anyBackorder = backordered.Any(b => b > 0);
            if (anyBackorder && order.Policy.ShipComplete && allocations.Any(a => a.Count > 0))
            {
                _state.UndoTo(mark);
                return order.Policy.AllowBackorder ? order.Lines.Select(l => new LinePlan([], l.Quantity)).ToArray() : null;
            }

            if (anyBackorder && !order.Policy.AllowBackorder)
            {
                _state.UndoTo(mark);
                return null;
            }

            return allocations.Select((a, l) => new LinePlan(a, backordered[l])).ToArray();
        }

        private void FillWhole(ProblemOrder order, int[] block, List<Allocation>[] allocations, int[] backordered)
        {
            var quantity = block.Sum(l => order.Lines[l].Quantity);
            var needs = Needs(order, block);
            var best = -1;
            var bestScore = double.MaxValue;
            foreach (var location in CommonCandidates(order, block))
            {
                if (!_state.CanShipFrom(location) || !CanTakeWhole(needs, location))
                {
                    continue;
                }

                var unitCost = block.Sum(l => order.Lines[l].Quantity * UnitCost(l, location));
                var score = Score(order, location, unitCost, quantity);
                if (score < bestScore)
                {
                    (best, bestScore) = (location, score);
                }
            }

            var backorderIsCheaper = CostAware && order.Policy.AllowBackorder && bestScore > order.Policy.BackorderPenaltyPerUnit;
            foreach (var l in block)
            {
                if (best < 0 || backorderIsCheaper)
                {
                    backordered[l] += order.Lines[l].Quantity;
                    continue;
                }

                _state.Take(Sku(l), best, order.Lines[l].Quantity);
                allocations[l].Add(new Allocation(best, order.Lines[l].Quantity));
            }
        }

        private void FillSplittable(ProblemOrder order, int l, List<Allocation>[] allocations, int[] backordered)
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
                    if (line.RequiredLocation is { } required && required != location)
                    {
                        continue;
                    }

                    var take = Math.Min(remaining, _state.Takeable(Sku(l), location));
                    if (take <= 0 || !_state.CanShipFrom(location))
                    {
                        continue;
                    }

                    var score = Score(order, location, candidate.UnitCost * take, take);
                    if (score < bestScore || (score == bestScore && location < best))
                    {
                        (best, bestTake, bestScore) = (location, take, score);
                    }
                }

                if (best < 0 || (CostAware && order.Policy.AllowBackorder && bestScore > order.Policy.BackorderPenaltyPerUnit))
                {
                    break;
                }

                _state.Take(Sku(l), best, bestTake);
                allocations[l].Add(new Allocation(best, bestTake));
                remaining -= bestTake;
            }

            backordered[l] += remaining;
        }

        /// <summary>Lower is better.</summary>
        private double Score(ProblemOrder order, int location, long unitCost, int units) => strategy switch
        {
            GreedyStrategy.CostAware => (unitCost + (_state.IsOpen(location) ? 0 : order.ShipmentCost[location])) / (double)units,
            GreedyStrategy.Nearest => unitCost / (double)units,
            _ => problem.Locations[location].Priority + location / (double)(problem.Locations.Count + 1),
        };

        /// <summary>
        /// The cost-aware fill, or every line from the one location that ships the whole order cheapest, whichever costs
        /// less; <paramref name="mark"/> is the state before the fill, so the alternative starts from the same stock.
        /// </summary>
        private LinePlan[]? CheaperOfFillAndSingleLocation(ProblemOrder order, int mark, LinePlan[]? filled)
        {
            var filledIsSingleShipment = filled is not null && filled.All(l => l.Backordered == 0)
                && filled.SelectMany(l => l.Allocations).Select(a => a.Location).Distinct().Count() <= 1;
            if (filledIsSingleShipment)
            {
                return filled;
            }

            var filledCost = filled is null ? long.MaxValue : PlanEvaluator.Price(order, filled).Cost.Total;
            _state.UndoTo(mark);
            var single = WholeOrderFrom(order, ByWholeOrderCost(order));
            if (single is not null && PlanEvaluator.Price(order, single).Cost.Total < filledCost)
            {
                return single;
            }

            // Keep the fill: put its takes back.
            _state.UndoTo(mark);
            _state.StartOrder(order);
            for (var l = 0; filled is not null && l < filled.Length; l++)
            {
                foreach (var allocation in filled[l].Allocations)
                {
                    _state.Take(Sku(l), allocation.Location, allocation.Quantity);
                }
            }

            return filled;
        }

        private LinePlan[]? WholeOrderFrom(ProblemOrder order, IEnumerable<int> locations)
        {
            _state.StartOrder(order);
            var all = Enumerable.Range(0, order.Lines.Count).ToArray();
            var needs = Needs(order, all);
            foreach (var location in locations)
            {
                if (_state.CanShipFrom(location) && CanTakeWhole(needs, location))
                {
                    foreach (var l in all)
                    {
                        _state.Take(Sku(l), location, order.Lines[l].Quantity);
                    }

                    return order.Lines.Select(line => new LinePlan([new Allocation(location, line.Quantity)], 0)).ToArray();
                }
            }

            return null;
        }

        private IEnumerable<int> ByWholeOrderCost(ProblemOrder order)
        {
            var all = Enumerable.Range(0, order.Lines.Count).ToArray();
            return CommonCandidates(order, all)
                .Select(location => (Location: location, Cost: order.ShipmentCost[location] + all.Sum(l => order.Lines[l].Quantity * UnitCost(l, location))))
                .OrderBy(c => c.Cost).ThenBy(c => c.Location)
                .Select(c => c.Location);
        }

        private IEnumerable<int> ByPriority(ProblemOrder order) =>
            CommonCandidates(order, Enumerable.Range(0, order.Lines.Count).ToArray())
                .OrderBy(location => problem.Locations[location].Priority).ThenBy(location => location);

        /// <summary>Units of each SKU (by id) and in total that a block needs from one location.</summary>
        private (int SkuId, int Units)[] Needs(ProblemOrder order, int[] lines) =>
            lines.GroupBy(Sku).Select(bySku => (bySku.Key, bySku.Sum(l => order.Lines[l].Quantity))).ToArray();

        private bool CanTakeWhole((int SkuId, int Units)[] needs, int location)
        {
            var units = 0;
            foreach (var (skuId, needed) in needs)
            {
                if (_state.Takeable(skuId, location) < needed)
                {
                    return false;
                }

                units += needed;
            }

            return _state.UnitsLeft(location) >= units;
        }

        /// <summary>Locations that are candidates of every line of the block (and its pickup location, if any).</summary>
        private List<int> CommonCandidates(ProblemOrder order, int[] block)
        {
            var common = new List<int>();
            for (var location = 0; location < problem.Locations.Count; location++)
            {
                var everyLine = true;
                foreach (var l in block)
                {
                    var line = order.Lines[l];
                    if (UnitCost(l, location) < 0 || (line.RequiredLocation is { } required && required != location))
                    {
                        everyLine = false;
                        break;
                    }
                }

                if (everyLine)
                {
                    common.Add(location);
                }
            }

            return common;
        }

        /// <summary>Groups and single lines; for the cost-aware strategy the hardest first (whole blocks, then larger quantities).</summary>
        private IEnumerable<int[]> Blocks(ProblemOrder order)
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

            bool Whole(int[] block) => block.Length > 1 || order.Lines[block[0]].NoSplit || order.Lines[block[0]].GroupId is not null;
            return CostAware
                ? blocks.OrderByDescending(Whole).ThenByDescending(b => b.Sum(l => order.Lines[l].Quantity))
                : blocks;
        }
    }
}

using Sourcing.Optimizer.Model;

namespace Sourcing.Optimizer.Tests.Infrastructure;

/// <summary>
/// Judges a plan from the problem's own definition, written again here on purpose: it shares no code with the
/// optimizer (not <see cref="PlanEvaluator"/>, not the cost table), so a mistake there cannot hide itself. Sums are
/// in <see cref="Int128"/>, so a cost that would wrap in 64 bits shows up as too large instead of negative.
/// </summary>
internal static class Referee
{
    public sealed record Verdict(IReadOnlyList<string> Broken, Int128 Cost)
    {
        public bool Valid => Broken.Count == 0;
    }

    /// <summary>Every broken constraint of the decisions (per order, per line) and their true total cost.</summary>
    public static Verdict Judge(SourcingProblem problem, IReadOnlyList<IReadOnlyList<LinePlan>> decisions)
    {
        var broken = new List<string>();
        Int128 cost = 0;
        if (decisions.Count != problem.Orders.Count)
        {
            return new Verdict([$"{decisions.Count} order plans for {problem.Orders.Count} orders"], 0);
        }

        var stockTaken = new Dictionary<StockKey, long>();
        var unitsAt = new long[problem.Locations.Count];
        var shipmentsAt = new long[problem.Locations.Count];
        for (var o = 0; o < problem.Orders.Count; o++)
        {
            var order = problem.Orders[o];
            var lines = decisions[o];
            if (lines.Count != order.Lines.Count)
            {
                broken.Add($"order {o}: {lines.Count} line plans for {order.Lines.Count} lines");
                continue;
            }

            var shipsFrom = new SortedSet<int>();
            var anyBackordered = false;
            var anyAllocated = false;
            for (var l = 0; l < lines.Count; l++)
            {
                var line = order.Lines[l];
                var plan = lines[l];
                var where = $"order {o} line {l}";
                long allocated = 0;
                var seen = new HashSet<int>();
                foreach (var (location, quantity) in plan.Allocations)
                {
                    var candidate = line.Candidates.Where(c => c.Location == location).ToList();
                    if (quantity <= 0 || candidate.Count != 1 || !seen.Add(location))
                    {
                        broken.Add($"{where}: allocation of {quantity} at {location} is not a single positive take from a candidate");
                        continue;
                    }

                    if (line.RequiredLocation is { } pickup && pickup != location)
                    {
                        broken.Add($"{where}: pickup at {pickup}, sourced at {location}");
                    }

                    allocated += quantity;
                    cost += (Int128)quantity * candidate[0].UnitCost;
                    shipsFrom.Add(location);
                    var key = new StockKey(line.Sku, location);
                    stockTaken[key] = stockTaken.GetValueOrDefault(key) + quantity;
                    unitsAt[location] += quantity;
                }

                if (plan.Backordered < 0 || allocated + plan.Backordered != line.Quantity)
                {
                    broken.Add($"{where}: {allocated} allocated + {plan.Backordered} backordered != {line.Quantity}");
                }

                if (plan.Backordered > 0 && !order.Policy.AllowBackorder)
                {
                    broken.Add($"{where}: backordered without permission");
                }

                if (line.NoSplit && plan.Allocations.Count > 0 && (plan.Allocations.Count > 1 || plan.Backordered > 0))
                {
                    broken.Add($"{where}: no-split line split");
                }

                cost += (Int128)plan.Backordered * order.Policy.BackorderPenaltyPerUnit;
                anyBackordered |= plan.Backordered > 0;
                anyAllocated |= allocated > 0;
            }

            foreach (var location in shipsFrom)
            {
                cost += order.ShipmentCost[location];
                shipmentsAt[location]++;
            }

            if (order.Policy.MaxShipments is { } max && shipsFrom.Count > max)
            {
                broken.Add($"order {o}: {shipsFrom.Count} shipments, max {max}");
            }

            if (order.Policy.ShipComplete && anyBackordered && anyAllocated)
            {
                broken.Add($"order {o}: ship complete, yet part shipped and part backordered");
            }

            foreach (var group in order.Lines.Select((line, l) => (line.GroupId, l)).Where(x => x.GroupId is not null).GroupBy(x => x.GroupId))
            {
                var members = group.Select(x => (Line: order.Lines[x.l], Plan: lines[x.l])).ToList();
                var noneShipped = members.All(m => m.Plan.Allocations.Count == 0);
                var wholeFromOne = members.All(m => m.Plan.Allocations.Count == 1 && m.Plan.Allocations[0].Quantity == m.Line.Quantity)
                    && members.Select(m => m.Plan.Allocations[0].Location).Distinct().Count() == 1;
                if (!noneShipped && !wholeFromOne)
                {
                    broken.Add($"order {o}: group {group.Key} neither whole from one location nor wholly backordered");
                }
            }
        }

        foreach (var (key, taken) in stockTaken)
        {
            if (taken > problem.Available.GetValueOrDefault(key))
            {
                broken.Add($"{key.Sku}@{key.Location}: {taken} taken, {problem.Available.GetValueOrDefault(key)} in stock");
            }
        }

        for (var location = 0; location < problem.Locations.Count; location++)
        {
            if (problem.Locations[location].CapacityUnits is { } units && unitsAt[location] > units)
            {
                broken.Add($"location {location}: {unitsAt[location]} units over capacity {units}");
            }

            if (problem.Locations[location].CapacityShipments is { } shipments && shipmentsAt[location] > shipments)
            {
                broken.Add($"location {location}: {shipmentsAt[location]} shipments over capacity {shipments}");
            }
        }

        return new Verdict(broken, cost);
    }

    /// <summary>Judges a plan the optimizer returned, and checks the cost it reports against the true one.</summary>
    public static Verdict Judge(SourcingProblem problem, SourcingPlan plan)
    {
        var verdict = Judge(problem, plan.Orders.Select(order => order.Lines).ToList());
        return verdict.Cost == plan.Cost.Total
            ? verdict
            : verdict with { Broken = [.. verdict.Broken, $"reported cost {plan.Cost.Total}, true cost {verdict.Cost}"] };
    }
}

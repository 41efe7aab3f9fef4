namespace Sourcing.Optimizer.Model;

/// <summary>
/// Prices a decision and checks it against every constraint of the problem, independently of how it was found.
/// Solvers use it to price their plans; tests use it as the referee.
/// </summary>
public static class PlanEvaluator
{
    /// <summary>The cost and number of shipments of one order's lines.</summary>
    public static OrderPlan Price(ProblemOrder order, IReadOnlyList<LinePlan> lines)
    {
        long units = 0, backorders = 0;
        var shipFrom = new HashSet<int>();
        for (var l = 0; l < lines.Count; l++)
        {
            var line = order.Lines[l];
            foreach (var allocation in lines[l].Allocations)
            {
                // Checked: validation keeps every plan under 2^53, so a wrap here would be a bug, never a silent negative cost.
                units = checked(units + (allocation.Quantity * UnitCost(line, allocation.Location)));
                shipFrom.Add(allocation.Location);
            }

            backorders = checked(backorders + (lines[l].Backordered * order.Policy.BackorderPenaltyPerUnit));
        }

        var shipments = shipFrom.Sum(location => order.ShipmentCost[location]); // Enumerable.Sum is checked
        return new OrderPlan(order.Id, lines, new PlanCost(units, shipments, backorders), shipFrom.Count);
    }

    /// <summary>Assembles a plan from per-order line decisions, pricing each order.</summary>
    public static SourcingPlan Assemble(SourcingProblem problem, IReadOnlyList<IReadOnlyList<LinePlan>> decisions, SolveStatus status, long? bound, TimeSpan elapsed, string method)
    {
        var orders = problem.Orders.Select((order, o) => Price(order, decisions[o])).ToList();
        var cost = orders.Aggregate(default(PlanCost), (sum, order) => sum + order.Cost);
        return new SourcingPlan(orders, cost, status, bound, elapsed, method);
    }

    /// <summary>Every broken constraint of <paramref name="plan"/>, in words; empty when the plan is valid.</summary>
    public static IReadOnlyList<string> Violations(SourcingProblem problem, SourcingPlan plan)
    {
        var problems = new List<string>();
        if (!plan.HasPlan)
        {
            // No decision, nothing to break; whether "no plan" was right is for the caller to judge.
            return problems;
        }

        if (plan.Orders.Count != problem.Orders.Count)
        {
            return [$"the plan has {plan.Orders.Count} orders, the problem {problem.Orders.Count}"];
        }

        var takenStock = new Dictionary<StockKey, long>();
        var takenUnits = new long[problem.Locations.Count];
        var takenShipments = new int[problem.Locations.Count];
        for (var o = 0; o < problem.Orders.Count; o++)
        {
            var order = problem.Orders[o];
            var lines = plan.Orders[o].Lines;
            var where = $"order {order.Id}";
            if (lines.Count != order.Lines.Count)
            {
                problems.Add($"{where}: {lines.Count} line plans for {order.Lines.Count} lines");
                continue;
            }

            var shipFrom = new HashSet<int>();
            for (var l = 0; l < lines.Count; l++)
            {
                CheckLine(order.Lines[l], lines[l], order.Policy, $"{where} line {l}", problems);
                foreach (var allocation in lines[l].Allocations)
                {
                    shipFrom.Add(allocation.Location);
                    var key = new StockKey(order.Lines[l].Sku, allocation.Location);
                    takenStock[key] = takenStock.GetValueOrDefault(key) + allocation.Quantity;
                    takenUnits[allocation.Location] += allocation.Quantity;
                }
            }

            foreach (var location in shipFrom)
            {
                takenShipments[location]++;
            }

            if (order.Policy.MaxShipments is { } max && shipFrom.Count > max)
            {
                problems.Add($"{where}: {shipFrom.Count} shipments, at most {max} allowed");
            }

            if (order.Policy.ShipComplete && lines.Any(l => l.Backordered > 0) && lines.Any(l => l.Allocated > 0))
            {
                problems.Add($"{where}: ship complete, but partly backordered");
            }

            CheckGroups(order, lines, where, problems);
            var priced = Price(order, lines);
            if (priced.Cost != plan.Orders[o].Cost || priced.Shipments != plan.Orders[o].Shipments)
            {
                problems.Add($"{where}: reported cost {plan.Orders[o].Cost} / {plan.Orders[o].Shipments} shipments, actual {priced.Cost} / {priced.Shipments}");
            }
        }

        foreach (var (key, taken) in takenStock)
        {
            if (taken > problem.AvailableAt(key.Sku, key.Location))
            {
                problems.Add($"{key.Sku} at location {key.Location}: {taken} taken, {problem.AvailableAt(key.Sku, key.Location)} available");
            }
        }

        for (var location = 0; location < problem.Locations.Count; location++)
        {
            var limits = problem.Locations[location];
            if (takenUnits[location] > limits.CapacityUnits)
            {
                problems.Add($"location {location}: {takenUnits[location]} units, capacity {limits.CapacityUnits}");
            }

            if (takenShipments[location] > limits.CapacityShipments)
            {
                problems.Add($"location {location}: {takenShipments[location]} shipments, capacity {limits.CapacityShipments}");
            }
        }

        return problems;
    }

    internal static long UnitCost(ProblemLine line, int location)
    {
        foreach (var candidate in line.Candidates)
        {
            if (candidate.Location == location)
            {
                return candidate.UnitCost;
            }
        }

        throw new ArgumentException($"Location {location} is not a candidate of SKU {line.Sku}.");
    }

    private static void CheckLine(ProblemLine line, LinePlan plan, OrderPolicy policy, string where, List<string> problems)
    {
        if (plan.Allocated + plan.Backordered != line.Quantity || plan.Backordered < 0 || plan.Allocations.Any(a => a.Quantity <= 0))
        {
            problems.Add($"{where}: allocated {plan.Allocated} + backordered {plan.Backordered} is not the quantity {line.Quantity}");
        }

        if (plan.Allocations.Select(a => a.Location).Distinct().Count() != plan.Allocations.Count)
        {
            problems.Add($"{where}: a location appears twice");
        }

        foreach (var allocation in plan.Allocations)
        {
            if (!line.Candidates.Any(c => c.Location == allocation.Location))
            {
                problems.Add($"{where}: location {allocation.Location} is not a candidate");
            }

            if (line.RequiredLocation is { } required && allocation.Location != required)
            {
                problems.Add($"{where}: pickup line sourced at {allocation.Location}, not at {required}");
            }
        }

        if (!policy.AllowBackorder && plan.Backordered > 0)
        {
            problems.Add($"{where}: {plan.Backordered} backordered, backorders not allowed");
        }

        if (line.NoSplit && (plan.Allocations.Count > 1 || (plan.Allocations.Count == 1 && plan.Backordered > 0)))
        {
            problems.Add($"{where}: may not be split, but is");
        }
    }

    private static void CheckGroups(ProblemOrder order, IReadOnlyList<LinePlan> lines, string where, List<string> problems)
    {
        foreach (var group in Enumerable.Range(0, order.Lines.Count).Where(l => order.Lines[l].GroupId is not null).GroupBy(l => order.Lines[l].GroupId))
        {
            var members = group.Select(l => lines[l]).ToList();
            var allBackordered = members.All(m => m.Allocations.Count == 0);
            var together = members.All(m => m.Allocations.Count == 1 && m.Backordered == 0)
                && members.Select(m => m.Allocations[0].Location).Distinct().Count() == 1;
            if (!allBackordered && !together)
            {
                problems.Add($"{where}: group {group.Key} does not ship whole from one location");
            }
        }
    }
}

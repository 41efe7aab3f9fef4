using System.Globalization;
using Google.OrTools.Sat;
using Sourcing.Optimizer.Model;

namespace Sourcing.Optimizer.CpSat;

/// <summary>
/// The exact solver: a CP-SAT model of the line-level split and source assignment, hinted with and bounded by the
/// greedy plan, under a wall-clock limit that a watchdog enforces even when the solver overruns its own.
/// </summary>
internal static class CpSatSolver
{
    // One worker keeps runs deterministic and leaves the second core to the rest of the service; presolve costs more
    // than it saves on models this size (measured: at 20 x 200 it can eat the whole budget, even with a complete hint), and so do
    // symmetry detection and probing (measured: off halves the p50 at 10 x 50, benchmarks/README.md).
    private const string BaseParameters = "num_workers:1,cp_model_presolve:false,symmetry_level:0,cp_model_probing_level:0,log_search_progress:false,log_to_stdout:false,random_seed:7";

    // Handing the model to the native solver and starting it costs time of its own; below this, do not start.
    private static readonly TimeSpan MinimumSearch = TimeSpan.FromMilliseconds(2);
    private const double LoadingPerArcMicroseconds = 5;
    private const double BuildingPerArcMicroseconds = 2;

    // Pruning reads every candidate once: measured 0.06 us each at 100 x 1,000 (6 ms), a third of a 20 ms deadline.
    private const double PruningPerCandidateMicroseconds = 0.05;

    public sealed record Result(LinePlan[][]? Decisions, SolveStatus Status, long? Bound, SolverStatistics Statistics);

    /// <param name="deadline">Counts the whole solve; what building the model uses is not left to the search.</param>
    public static Result Solve(SourcingProblem problem, CostTable costs, IReadOnlyList<Bounds> bounds, LinePlan[][]? greedy, long? upperBound, Deadline deadline, string? extraParameters)
    {
        var buildStarted = deadline.Elapsed;

        // Not even time to prune and then search a little: the greedy plan is the answer, and pruning is not started.
        var candidates = problem.Orders.Sum(order => order.Lines.Sum(line => (long)line.Candidates.Count));
        if (deadline.Remaining < TimeSpan.FromMicroseconds(PruningPerCandidateMicroseconds * candidates) + MinimumSearch)
        {
            return OutOfTime(0, 0, buildStarted, deadline);
        }

        // Data: the arcs that can still be in a plan no dearer than the greedy one.
        var arcs = ArcPruning.Arcs(problem, costs, bounds, upperBound, out var candidateArcs);

        // Building costs about 2 us per arc in C#, and loading it into CP-SAT up to 5 more: when the time left cannot
        // pay for both and a useful search, the greedy plan is the answer and nothing is built.
        if (deadline.Remaining < TimeSpan.FromMicroseconds((BuildingPerArcMicroseconds + LoadingPerArcMicroseconds) * arcs.Count) + MinimumSearch)
        {
            return OutOfTime(candidateArcs, arcs.Count, buildStarted, deadline);
        }

        // Variables.
        var model = new CpModel();
        var units = new IntVar[arcs.Count];
        for (var a = 0; a < arcs.Count; a++)
        {
            if (CheckEvery(a) && deadline.Expired)
            {
                return OutOfTime(candidateArcs, arcs.Count, buildStarted, deadline);
            }

            units[a] = model.NewIntVar(0, arcs[a].MaxUnits, $"x_o{arcs[a].Order}_l{arcs[a].Line}_at{arcs[a].Location}");
        }

        var ships = new Dictionary<(int Order, int Location), BoolVar>();
        foreach (var arc in arcs)
        {
            if (!ships.ContainsKey((arc.Order, arc.Location)))
            {
                ships[(arc.Order, arc.Location)] = model.NewBoolVar($"ship_o{arc.Order}_from{arc.Location}");
            }
        }

        var backorders = new IntVar?[problem.Orders.Count][];
        var arcsOfLine = new List<int>[problem.Orders.Count][];
        for (var o = 0; o < problem.Orders.Count; o++)
        {
            var order = problem.Orders[o];
            backorders[o] = order.Lines.Select((line, l) => order.Policy.AllowBackorder ? model.NewIntVar(0, line.Quantity, $"backorder_o{o}_l{l}") : null).ToArray();
            arcsOfLine[o] = order.Lines.Select(_ => new List<int>()).ToArray();
        }

        for (var a = 0; a < arcs.Count; a++)
        {
            arcsOfLine[arcs[a].Order][arcs[a].Line].Add(a);
        }

        if (deadline.Expired)
        {
            return OutOfTime(candidateArcs, arcs.Count, buildStarted, deadline);
        }

        // Each line: sourced units plus backordered units make its quantity.
        for (var o = 0; o < problem.Orders.Count; o++)
        {
            for (var l = 0; l < problem.Orders[o].Lines.Count; l++)
            {
                var sum = LinearExpr.NewBuilder();
                foreach (var a in arcsOfLine[o][l])
                {
                    sum.Add(units[a]);
                }

                if (backorders[o][l] is { } backorder)
                {
                    sum.Add(backorder);
                }

                model.Add(sum == problem.Orders[o].Lines[l].Quantity);
            }
        }

        // Linking: units leave a location only in a shipment from it (tight: the arc's own upper bound).
        for (var a = 0; a < arcs.Count; a++)
        {
            if (CheckEvery(a) && deadline.Expired)
            {
                return OutOfTime(candidateArcs, arcs.Count, buildStarted, deadline);
            }

            model.Add(units[a] <= arcs[a].MaxUnits * ships[(arcs[a].Order, arcs[a].Location)]);
        }

        var noSplitChoices = new Dictionary<int, BoolVar>();
        var groupChoices = new Dictionary<(int Order, string Group, int Location), BoolVar>();
        var completes = new Dictionary<int, BoolVar>();
        for (var o = 0; o < problem.Orders.Count; o++)
        {
            var order = problem.Orders[o];

            // Max shipments per order.
            if (order.Policy.MaxShipments is { } maxShipments)
            {
                model.Add(LinearExpr.Sum(ships.Where(s => s.Key.Order == o).Select(s => s.Value)) <= maxShipments);
            }

            // No-split lines: the whole quantity from one location, or none of it.
            for (var l = 0; l < order.Lines.Count; l++)
            {
                var line = order.Lines[l];
                if (!line.NoSplit || line.GroupId is not null)
                {
                    continue;
                }

                foreach (var a in arcsOfLine[o][l])
                {
                    noSplitChoices[a] = model.NewBoolVar($"whole_o{o}_l{l}_at{arcs[a].Location}");
                    model.Add(units[a] == line.Quantity * noSplitChoices[a]);
                }

                model.Add(LinearExpr.Sum(arcsOfLine[o][l].Select(a => noSplitChoices[a])) <= 1);
            }

            // Groups: every member whole from one shared location, or the whole group backordered.
            foreach (var group in Enumerable.Range(0, order.Lines.Count).Where(l => order.Lines[l].GroupId is not null).GroupBy(l => order.Lines[l].GroupId!))
            {
                var choices = new List<BoolVar>();
                foreach (var l in group)
                {
                    foreach (var a in arcsOfLine[o][l])
                    {
                        var key = (o, group.Key, arcs[a].Location);
                        if (!groupChoices.TryGetValue(key, out var choice))
                        {
                            groupChoices[key] = choice = model.NewBoolVar($"group_o{o}_{group.Key}_at{arcs[a].Location}");
                            choices.Add(choice);
                        }

                        model.Add(units[a] == order.Lines[l].Quantity * choice);
                    }
                }

                model.Add(LinearExpr.Sum(choices) <= 1);
            }

            // Ship complete: every line in full, or (where backorders are allowed) nothing at all.
            if (order.Policy.ShipComplete && order.Policy.AllowBackorder)
            {
                var complete = completes[o] = model.NewBoolVar($"complete_o{o}");
                for (var l = 0; l < order.Lines.Count; l++)
                {
                    model.Add(backorders[o][l]! == order.Lines[l].Quantity - order.Lines[l].Quantity * complete);
                }
            }
        }

        if (deadline.Expired)
        {
            return OutOfTime(candidateArcs, arcs.Count, buildStarted, deadline);
        }

        // Stock of a SKU at a location is shared by every line and order that takes it.
        foreach (var bySku in Enumerable.Range(0, arcs.Count).GroupBy(a => (problem.Orders[arcs[a].Order].Lines[arcs[a].Line].Sku, arcs[a].Location)))
        {
            var available = problem.AvailableAt(bySku.Key.Sku, bySku.Key.Location);
            if (bySku.Sum(a => (long)arcs[a].MaxUnits) > available)
            {
                model.Add(LinearExpr.Sum(bySku.Select(a => units[a])) <= available);
            }
        }

        // Remaining capacity per location: units picked and shipments sent, over all orders.
        foreach (var atLocation in Enumerable.Range(0, arcs.Count).GroupBy(a => arcs[a].Location))
        {
            if (problem.Locations[atLocation.Key].CapacityUnits is { } capacity && atLocation.Sum(a => (long)arcs[a].MaxUnits) > capacity)
            {
                model.Add(LinearExpr.Sum(atLocation.Select(a => units[a])) <= capacity);
            }

            var shipsHere = ships.Where(s => s.Key.Location == atLocation.Key).Select(s => s.Value).ToList();
            if (problem.Locations[atLocation.Key].CapacityShipments is { } shipments && shipsHere.Count > shipments)
            {
                model.Add(LinearExpr.Sum(shipsHere) <= shipments);
            }
        }

        // Objective: unit costs + shipment costs + backorder penalties, no dearer than the greedy plan.
        if (deadline.Expired)
        {
            return OutOfTime(candidateArcs, arcs.Count, buildStarted, deadline);
        }

        var objective = LinearExpr.NewBuilder();
        for (var a = 0; a < arcs.Count; a++)
        {
            objective.AddTerm(units[a], arcs[a].UnitCost);
        }

        foreach (var ((o, location), ship) in ships)
        {
            objective.AddTerm(ship, problem.Orders[o].ShipmentCost[location]);
        }

        for (var o = 0; o < problem.Orders.Count; o++)
        {
            foreach (var backorder in backorders[o])
            {
                if (backorder is not null)
                {
                    objective.AddTerm(backorder, problem.Orders[o].Policy.BackorderPenaltyPerUnit);
                }
            }
        }

        if (upperBound is { } ceiling)
        {
            model.Add(objective <= ceiling);
        }

        model.Minimize(objective);
        if (greedy is not null)
        {
            Hint(model, problem, arcs, greedy, units, ships, backorders, noSplitChoices, groupChoices, completes);
        }

        // Solve, under the solver's own limit and a watchdog for when it overruns it.
        var searchStarted = deadline.Elapsed;
        // CP-SAT overruns its own limit by the time it takes to take the model over and start, which no watchdog
        // can interrupt: measured 1.5-5 us per arc at 50 x 500. Budget it up front; skip the search if too little is left.
        var loading = TimeSpan.FromMicroseconds(LoadingPerArcMicroseconds * arcs.Count);
        var timeLimit = deadline.Remaining - loading;
        if (timeLimit < MinimumSearch)
        {
            return OutOfTime(candidateArcs, arcs.Count, buildStarted, deadline);
        }

        var solver = new CpSolver
        {
            // Checked in C# first (SourcingOptimizer): CP-SAT aborts the process on a parameter it cannot parse.
            StringParameters = SolverParameterText.Combine(
                string.Create(CultureInfo.InvariantCulture, $"{BaseParameters},max_time_in_seconds:{timeLimit.TotalSeconds:0.######}"), extraParameters),
        };
        CpSolverStatus status;
        using (new Timer(_ => solver.StopSearch(), null, timeLimit, Timeout.InfiniteTimeSpan))
        {
            status = solver.Solve(model);
        }

        // Extract.
        var statistics = new SolverStatistics(candidateArcs, arcs.Count, searchStarted - buildStarted, deadline.Elapsed - searchStarted, timeLimit);
        return status switch
        {
            CpSolverStatus.Optimal => new Result(Extract(problem, arcs, solver, units, backorders), SolveStatus.Optimal, (long)Math.Round(solver.ObjectiveValue), statistics),
            CpSolverStatus.Feasible => new Result(Extract(problem, arcs, solver, units, backorders), SolveStatus.Feasible, (long)Math.Ceiling(solver.BestObjectiveBound - 1e-6), statistics),
            CpSolverStatus.Infeasible => new Result(null, SolveStatus.Infeasible, null, statistics),
            _ => new Result(null, SolveStatus.NoPlanFound, null, statistics),
        };
    }

    /// <summary>Reading the clock costs too; while building, look at it every 256 arcs.</summary>
    private static bool CheckEvery(int index) => (index & 255) == 255;

    /// <summary>The deadline passed while building: no search, the caller falls back to the greedy plan.</summary>
    private static Result OutOfTime(int candidateArcs, int modelArcs, TimeSpan buildStarted, Deadline deadline) =>
        new(null, SolveStatus.NoPlanFound, null, new SolverStatistics(candidateArcs, modelArcs, deadline.Elapsed - buildStarted, TimeSpan.Zero));

    private static LinePlan[][] Extract(SourcingProblem problem, IReadOnlyList<Arc> arcs, CpSolver solver, IntVar[] units, IntVar?[][] backorders)
    {
        var allocations = problem.Orders.Select(order => order.Lines.Select(_ => new List<Allocation>()).ToArray()).ToArray();
        for (var a = 0; a < arcs.Count; a++)
        {
            var value = (int)solver.Value(units[a]);
            if (value > 0)
            {
                allocations[arcs[a].Order][arcs[a].Line].Add(new Allocation(arcs[a].Location, value));
            }
        }

        return problem.Orders.Select((order, o) => order.Lines.Select((line, l) =>
            new LinePlan(allocations[o][l], backorders[o][l] is { } b ? (int)solver.Value(b) : 0)).ToArray()).ToArray();
    }

    private static void Hint(
        CpModel model, SourcingProblem problem, IReadOnlyList<Arc> arcs, LinePlan[][] greedy, IntVar[] units,
        Dictionary<(int Order, int Location), BoolVar> ships, IntVar?[][] backorders, Dictionary<int, BoolVar> noSplitChoices,
        Dictionary<(int Order, string Group, int Location), BoolVar> groupChoices, Dictionary<int, BoolVar> completes)
    {
        var used = new HashSet<(int Order, int Location)>();
        for (var a = 0; a < arcs.Count; a++)
        {
            var arc = arcs[a];
            var quantity = greedy[arc.Order][arc.Line].Allocations.Where(x => x.Location == arc.Location).Sum(x => x.Quantity);
            model.AddHint(units[a], quantity);
            if (quantity > 0)
            {
                used.Add((arc.Order, arc.Location));
            }

            if (noSplitChoices.TryGetValue(a, out var whole))
            {
                model.AddHint(whole, quantity > 0);
            }

        }

        foreach (var ((o, group, location), together) in groupChoices)
        {
            var shippedTogether = Enumerable.Range(0, greedy[o].Length)
                .Any(l => problem.Orders[o].Lines[l].GroupId == group && greedy[o][l].Allocations.Any(x => x.Location == location));
            model.AddHint(together, shippedTogether);
        }

        foreach (var (key, ship) in ships)
        {
            model.AddHint(ship, used.Contains(key));
        }

        for (var o = 0; o < greedy.Length; o++)
        {
            for (var l = 0; l < greedy[o].Length; l++)
            {
                if (backorders[o][l] is { } backorder)
                {
                    model.AddHint(backorder, greedy[o][l].Backordered);
                }
            }

            if (completes.TryGetValue(o, out var complete))
            {
                model.AddHint(complete, greedy[o].All(l => l.Backordered == 0));
            }
        }
    }
}

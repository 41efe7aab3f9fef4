using Sourcing.Optimizer.CpSat;
using Sourcing.Optimizer.Greedy;
using Sourcing.Optimizer.Model;

namespace Sourcing.Optimizer;

/// <summary>
/// Decides which location ships which units of each line at minimum total cost (unit costs, shipment costs, backorder
/// penalties) under every constraint of the problem. Greedy first (microseconds); a greedy plan that meets the lower
/// bound is returned as proven optimal; otherwise CP-SAT searches, hinted and bounded by it, until the deadline.
/// The plan returned is never worse than the greedy plan.
/// </summary>
public static class SourcingOptimizer
{
    public static SourcingPlan Solve(SourcingProblem problem, SolveOptions? options = null)
    {
        options ??= new SolveOptions();
        // Started first: validation, the cost table, the bounds and the greedy strategies all spend the same budget.
        var clock = new Deadline(options.Deadline, options.Margin);
        ProblemValidator.Validate(problem);
        if (!string.IsNullOrWhiteSpace(options.ExtraSolverParameters))
        {
            SolverParameterText.Parse(options.ExtraSolverParameters);
        }

        var costs = new CostTable(problem);
        var bounds = problem.Orders.Select((order, o) => new Bounds(problem, order, costs, o)).ToList();
        var floor = bounds.Aggregate(0L, (sum, b) => Bounds.SaturatingAdd(sum, b.OrderFloor));
        if (floor == long.MaxValue)
        {
            // Some order has no plan even with stock sharing, capacity and groups ignored (a line no location can
            // source, backorders not allowed): infeasible, proven without a search. Validation keeps every finite
            // cost far below long.MaxValue, so the saturated sum means "impossible", never "large".
            return SourcingPlan.Infeasible(clock.Elapsed, "bound");
        }

        var (greedy, greedyPlan) = BestGreedy(problem, costs, floor, clock);
        if (greedyPlan is not null && greedyPlan.Cost.Total <= floor)
        {
            return greedyPlan with { Status = SolveStatus.Optimal, BestBound = greedyPlan.Cost.Total, SolveTime = clock.Elapsed, Method = "greedy+bound" };
        }

        if (clock.Expired)
        {
            return Fallback(greedyPlan, floor, clock.Elapsed);
        }

        var result = CpSatSolver.Solve(problem, costs, bounds, greedy, greedyPlan?.Cost.Total, clock, options.ExtraSolverParameters);
        if (result.Decisions is null)
        {
            // Proven infeasible only counts without a greedy plan; otherwise keep the greedy plan as the fallback.
            return result.Status == SolveStatus.Infeasible && greedyPlan is null
                ? SourcingPlan.Infeasible(clock.Elapsed, "cp-sat")
                : Fallback(greedyPlan, floor, clock.Elapsed) with { Statistics = result.Statistics };
        }

        var plan = PlanEvaluator.Assemble(problem, result.Decisions, result.Status, Math.Max(floor, result.Bound ?? floor), clock.Elapsed, "cp-sat")
            with { Statistics = result.Statistics };
        return greedyPlan is not null && greedyPlan.Cost.Total < plan.Cost.Total ? Fallback(greedyPlan, floor, clock.Elapsed) with { Statistics = result.Statistics } : plan;
    }

    /// <summary>
    /// The cheapest plan of every greedy strategy (ours first, then the baselines: microseconds each). It is the hint,
    /// the ceiling and the fallback, so the answer is never worse than any of them. A plan at the lower bound cannot be
    /// beaten, so the strategies after it are not run (measured: most checkout orders stop at the first). The first
    /// always runs, so there is a plan to return; a later one only when the time left would pay for another pass as
    /// long as the last one took (measured at 100 x 1,000: a pass costs about as much as the cost table and the bounds
    /// together, so running all four used to overrun a 20 ms deadline on its own).
    /// </summary>
    private static (LinePlan[][]? Decisions, SourcingPlan? Plan) BestGreedy(SourcingProblem problem, CostTable costs, long floor, Deadline clock)
    {
        (LinePlan[][]? Decisions, SourcingPlan? Plan) best = (null, null);
        var lastPass = TimeSpan.Zero;
        foreach (var strategy in Enum.GetValues<GreedyStrategy>())
        {
            if (strategy != GreedyStrategy.CostAware && clock.Remaining <= lastPass)
            {
                break;
            }

            var started = clock.Elapsed;
            var decisions = GreedyPlanner.Decide(problem, costs, strategy);
            lastPass = clock.Elapsed - started;
            if (decisions is null)
            {
                continue;
            }

            var plan = PlanEvaluator.Assemble(problem, decisions, SolveStatus.HeuristicFallback, null, TimeSpan.Zero, GreedyPlanner.MethodName(strategy));
            if (best.Plan is null || plan.Cost.Total < best.Plan.Cost.Total)
            {
                best = (decisions, plan);
            }

            if (plan.Cost.Total <= floor)
            {
                break;
            }
        }

        return best;
    }

    private static SourcingPlan Fallback(SourcingPlan? greedyPlan, long floor, TimeSpan elapsed) =>
        greedyPlan is null
            ? new SourcingPlan([], default, SolveStatus.NoPlanFound, null, elapsed, "none")
            : greedyPlan with { BestBound = floor, SolveTime = elapsed };
}

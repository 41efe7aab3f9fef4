namespace Sourcing.Optimizer.Model;

/// <summary>Units of one line taken from one location (by index).</summary>
public readonly record struct Allocation(int Location, int Quantity);

public sealed record LinePlan(IReadOnlyList<Allocation> Allocations, int Backordered)
{
    public int Allocated => Allocations.Sum(a => a.Quantity);
}

/// <summary>The objective split into its parts, in the problem's cost units.</summary>
public readonly record struct PlanCost(long Units, long Shipments, long Backorders)
{
    public long Total => checked(Units + Shipments + Backorders);

    public static PlanCost operator +(PlanCost a, PlanCost b) => checked(new(a.Units + b.Units, a.Shipments + b.Shipments, a.Backorders + b.Backorders));
}

public sealed record OrderPlan(string OrderId, IReadOnlyList<LinePlan> Lines, PlanCost Cost, int Shipments)
{
    public int BackorderedUnits => Lines.Sum(l => l.Backordered);
}

public enum SolveStatus
{
    /// <summary>CP-SAT proved no cheaper plan exists.</summary>
    Optimal,

    /// <summary>A valid plan, not proven optimal before the deadline; <see cref="SourcingPlan.Gap"/> says how far it may be.</summary>
    Feasible,

    /// <summary>CP-SAT had nothing better before the deadline; this is the greedy plan.</summary>
    HeuristicFallback,

    /// <summary>No plan satisfies the constraints (e.g. backorders not allowed and stock short).</summary>
    Infeasible,

    /// <summary>No plan was found before the deadline and none was proven impossible; the greedy plan had failed too.</summary>
    NoPlanFound,
}

/// <summary>The decision for every order of a problem, its cost, and how sure the solver is of it.</summary>
/// <param name="Orders">Per order, in the problem's order; empty when infeasible.</param>
/// <param name="Cost">Sum over the orders.</param>
/// <param name="Status">How the plan was obtained.</param>
/// <param name="BestBound">A proven lower bound on the optimal cost, when the solver has one.</param>
/// <param name="SolveTime">Wall time of the whole solve, preprocessing included.</param>
/// <param name="Method">Which strategy produced the plan ("cp-sat", "greedy", or a baseline name).</param>
public sealed record SourcingPlan(IReadOnlyList<OrderPlan> Orders, PlanCost Cost, SolveStatus Status, long? BestBound, TimeSpan SolveTime, string Method)
{
    /// <summary>What the exact solver worked on, when it ran: for tuning and operations, not for decisions.</summary>
    public SolverStatistics? Statistics { get; init; }

    /// <summary>(cost − bound) / cost: 0 when proven optimal; null without a bound.</summary>
    public double? Gap => BestBound is { } bound && Cost.Total > 0 ? Math.Max(0, (double)(Cost.Total - bound) / Cost.Total) : BestBound is null ? null : 0;

    public int Shipments => Orders.Sum(o => o.Shipments);

    public int BackorderedUnits => Orders.Sum(o => o.BackorderedUnits);

    public static SourcingPlan Infeasible(TimeSpan solveTime, string method, long? bound = null) =>
        new([], default, SolveStatus.Infeasible, bound, solveTime, method);

    public bool HasPlan => Status is not (SolveStatus.Infeasible or SolveStatus.NoPlanFound);
}

/// <param name="CandidateArcs">(line, location) pairs with stock before pruning.</param>
/// <param name="ModelArcs">Those left in the CP-SAT model after bound-based pruning.</param>
/// <param name="BuildTime">Time to build the model.</param>
/// <param name="SearchTime">Time CP-SAT searched, model hand-over included.</param>
/// <param name="SearchLimit">The time limit CP-SAT was given (zero when it was not started).</param>
public sealed record SolverStatistics(int CandidateArcs, int ModelArcs, TimeSpan BuildTime, TimeSpan SearchTime, TimeSpan SearchLimit = default);

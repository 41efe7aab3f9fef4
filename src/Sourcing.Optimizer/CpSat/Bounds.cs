using Sourcing.Optimizer.Model;

namespace Sourcing.Optimizer.CpSat;

/// <summary>
/// Cheap lower bounds, used twice: a greedy plan that meets the bound is optimal without calling CP-SAT, and a
/// location (or candidate) whose bound exceeds the greedy cost cannot be in any better plan, so it is left out of the model.
/// </summary>
internal static class Bounds
{
    /// <summary>Per line, the cheapest a unit can possibly be: its cheapest candidate, or the backorder penalty if that is allowed and lower.</summary>
    public static long CheapestUnit(ProblemOrder order, ProblemLine line)
    {
        var cheapest = line.Candidates.Count == 0 ? long.MaxValue : line.Candidates.Min(c => c.UnitCost);
        return order.Policy.AllowBackorder ? Math.Min(cheapest, order.Policy.BackorderPenaltyPerUnit) : cheapest;
    }

    /// <summary>Every unit at its cheapest, ignoring stock, capacity and shipments.</summary>
    public static long UnitsFloor(ProblemOrder order) =>
        order.Lines.Aggregate(0L, (sum, line) => SaturatingAdd(sum, SaturatingMultiply(line.Quantity, CheapestUnit(order, line))));

    /// <summary>
    /// A plan either backorders everything or ships from at least one location; the floor of each case, take the lower.
    /// </summary>
    public static long OrderFloor(ProblemOrder order)
    {
        var allBackordered = order.Policy.AllowBackorder
            ? order.Lines.Aggregate(0L, (sum, l) => SaturatingAdd(sum, SaturatingMultiply(l.Quantity, order.Policy.BackorderPenaltyPerUnit)))
            : long.MaxValue;
        var locations = order.Lines.SelectMany(l => l.Candidates).Select(c => c.Location).Distinct().ToList();
        var ships = locations.Count == 0 ? long.MaxValue : SaturatingAdd(UnitsFloor(order), locations.Min(location => order.ShipmentCost[location]));
        return Math.Min(allBackordered, ships);
    }

    public static long SaturatingMultiply(long a, long b) => b != 0 && a > long.MaxValue / b ? long.MaxValue : a * b;

    public static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}

using Sourcing.Optimizer.Model;

namespace Sourcing.Optimizer.CpSat;

/// <summary>
/// Lower bounds from one observation: a plan ships an order from no location (all backordered), from exactly one,
/// or from two or more. The cheapest each case can possibly be is easy to compute, and the least of the three bounds
/// every plan. A greedy plan that meets it is optimal with no search; a location whose own bound exceeds the greedy
/// cost cannot be in a better plan, so it stays out of the model. Every bound relaxes (never tightens) the real
/// constraints: shared stock between lines, capacity, groups and no-split are ignored, so the bounds stay valid.
/// </summary>
internal sealed class Bounds
{
    private readonly long[] _singleLocationFloor;
    private readonly long _multiLocationFloor;
    private readonly long _cheapestShipment;
    private readonly long _secondCheapestShipment;
    private readonly int _cheapestShipmentLocation;
    private readonly long[] _cheapestUnit;

    public Bounds(SourcingProblem problem, ProblemOrder order, CostTable costs, int orderIndex)
    {
        Order = order;
        var locations = problem.Locations.Count;
        var allowBackorder = order.Policy.AllowBackorder;
        var penalty = order.Policy.BackorderPenaltyPerUnit;

        // Per line, the cheapest any unit can be: its cheapest usable candidate, or the penalty if that is allowed and lower.
        _cheapestUnit = new long[order.Lines.Count];
        long unitsFloor = 0;
        var usableLocation = new bool[locations];
        for (var l = 0; l < order.Lines.Count; l++)
        {
            var line = order.Lines[l];
            var cheapest = long.MaxValue;
            foreach (var candidate in line.Candidates)
            {
                if (Usable(problem, costs, orderIndex, l, candidate.Location))
                {
                    usableLocation[candidate.Location] = true;
                    cheapest = Math.Min(cheapest, candidate.UnitCost);
                }
            }

            cheapest = allowBackorder ? Math.Min(cheapest, penalty) : cheapest;
            _cheapestUnit[l] = cheapest;
            unitsFloor = SaturatingAdd(unitsFloor, SaturatingMultiply(line.Quantity, cheapest));
        }

        UnitsFloor = unitsFloor;
        (_cheapestShipment, _secondCheapestShipment, _cheapestShipmentLocation) = (long.MaxValue, long.MaxValue, -1);
        for (var location = 0; location < locations; location++)
        {
            var shipment = order.ShipmentCost[location];
            if (!usableLocation[location])
            {
                continue;
            }

            if (shipment < _cheapestShipment)
            {
                (_secondCheapestShipment, _cheapestShipment, _cheapestShipmentLocation) = (_cheapestShipment, shipment, location);
            }
            else if (shipment < _secondCheapestShipment)
            {
                _secondCheapestShipment = shipment;
            }
        }

        // One location: its shipment plus each unit it can hold at min(unit cost, penalty), the rest backordered.
        _singleLocationFloor = new long[locations];
        for (var location = 0; location < locations; location++)
        {
            _singleLocationFloor[location] = usableLocation[location] ? SingleLocationFloor(problem, order, costs, orderIndex, location) : long.MaxValue;
        }

        _multiLocationFloor = SaturatingAdd(SaturatingAdd(_cheapestShipment, _secondCheapestShipment), unitsFloor);
        var noShipment = allowBackorder ? order.Lines.Aggregate(0L, (sum, l) => SaturatingAdd(sum, SaturatingMultiply(l.Quantity, penalty))) : long.MaxValue;
        // No location at all leaves only the plan that ships nothing.
        OrderFloor = Math.Min(noShipment, Math.Min(_singleLocationFloor.DefaultIfEmpty(long.MaxValue).Min(), _multiLocationFloor));
    }

    public ProblemOrder Order { get; }

    /// <summary>No plan of this order costs less.</summary>
    public long OrderFloor { get; }

    /// <summary>Every unit at its cheapest, ignoring shipments and stock limits.</summary>
    public long UnitsFloor { get; }

    public long CheapestUnit(int line) => _cheapestUnit[line];

    /// <summary>
    /// No plan of this order that ships line <paramref name="line"/> from <paramref name="location"/> (at least
    /// <paramref name="units"/> units at <paramref name="unitCost"/> each) costs less.
    /// </summary>
    public long FloorUsing(int line, int location, long unitCost, int units)
    {
        var otherShipment = location == _cheapestShipmentLocation ? _secondCheapestShipment : _cheapestShipment;
        var extra = SaturatingMultiply(units, Math.Max(0, unitCost - CheapestUnit(line)));
        var withOthers = SaturatingAdd(SaturatingAdd(SaturatingAdd(Order.ShipmentCost[location], otherShipment), UnitsFloor), extra);
        return Math.Min(_singleLocationFloor[location], withOthers);
    }

    public static bool Usable(SourcingProblem problem, CostTable costs, int order, int line, int location)
    {
        var limits = problem.Locations[location];
        var required = problem.Orders[order].Lines[line].RequiredLocation;
        return costs.Available(order, line, location) > 0
            && limits.CapacityUnits is null or > 0
            && limits.CapacityShipments is null or > 0
            && (required is null || required == location);
    }

    /// <summary>a × b for non-negative a and b, capped at <see cref="long.MaxValue"/> (which stands for "impossible").</summary>
    public static long SaturatingMultiply(long a, long b) => a == 0 || b == 0 ? 0 : a > long.MaxValue / b ? long.MaxValue : a * b;

    public static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

    private static long SingleLocationFloor(SourcingProblem problem, ProblemOrder order, CostTable costs, int orderIndex, int location)
    {
        var total = order.ShipmentCost[location];
        var penalty = order.Policy.AllowBackorder ? order.Policy.BackorderPenaltyPerUnit : long.MaxValue;
        for (var l = 0; l < order.Lines.Count; l++)
        {
            var line = order.Lines[l];
            var unitCost = costs.UnitCost(orderIndex, l, location);
            var here = unitCost < 0 || !Usable(problem, costs, orderIndex, l, location) ? 0 : Math.Min(line.Quantity, costs.Available(orderIndex, l, location));
            var sourced = here == 0 ? 0 : SaturatingMultiply(here, Math.Min(unitCost, penalty));
            var backordered = SaturatingMultiply(line.Quantity - here, penalty);
            total = SaturatingAdd(total, SaturatingAdd(sourced, backordered));
        }

        return total;
    }
}

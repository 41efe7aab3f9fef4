using Sourcing.Optimizer.Model;

namespace Sourcing.Optimizer.Greedy;

/// <summary>
/// What is left while the greedy engine fills orders one after another: stock, capacity, and each order's open
/// shipments. A SKU's stock row is copied only when first taken from. Every change is logged so a whole order can be
/// undone (ship complete that turned out partial, or a cheaper alternative tried from the same state).
/// </summary>
internal sealed class GreedyState
{
    private readonly IReadOnlyList<int[]> _initialStock;
    private readonly int[]?[] _stock;
    private readonly int[] _units;
    private readonly int[] _shipments;
    private readonly Stack<Action> _undo = new();
    private readonly bool[] _open;
    private readonly List<int> _opened = [];
    private int _maxShipments;

    public GreedyState(SourcingProblem problem, CostTable costs)
    {
        _initialStock = costs.InitialStock;
        _stock = new int[]?[costs.InitialStock.Count];
        _units = problem.Locations.Select(l => l.CapacityUnits ?? int.MaxValue).ToArray();
        _shipments = problem.Locations.Select(l => l.CapacityShipments ?? int.MaxValue).ToArray();
        _open = new bool[problem.Locations.Count];
    }

    public int UndoMark => _undo.Count;

    public void StartOrder(ProblemOrder order)
    {
        foreach (var location in _opened)
        {
            _open[location] = false;
        }

        _opened.Clear();
        _maxShipments = order.Policy.MaxShipments ?? int.MaxValue;
    }

    public bool IsOpen(int location) => _open[location];

    public bool CanShipFrom(int location) => _open[location] || (_opened.Count < _maxShipments && _shipments[location] > 0);

    /// <summary>Units of a SKU (by id, -1 for none) that may still be taken at a location, within stock and capacity.</summary>
    public int Takeable(int skuId, int location) => skuId < 0 ? 0 : Math.Min((_stock[skuId] ?? _initialStock[skuId])[location], _units[location]);

    public int UnitsLeft(int location) => _units[location];

    public void Take(int skuId, int location, int quantity)
    {
        var row = _stock[skuId] ??= (int[])_initialStock[skuId].Clone();
        row[location] -= quantity;
        _units[location] -= quantity;
        _undo.Push(() =>
        {
            row[location] += quantity;
            _units[location] += quantity;
        });
        if (!_open[location])
        {
            _open[location] = true;
            _opened.Add(location);
            _shipments[location]--;
            _undo.Push(() =>
            {
                _open[location] = false;
                _opened.Remove(location);
                _shipments[location]++;
            });
        }
    }

    public void UndoTo(int mark)
    {
        while (_undo.Count > mark)
        {
            _undo.Pop()();
        }
    }
}

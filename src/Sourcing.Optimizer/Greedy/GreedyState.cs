using Sourcing.Optimizer.Model;

namespace Sourcing.Optimizer.Greedy;

/// <summary>
/// What is left while the greedy engine fills orders one after another: stock, capacity, and each order's open
/// shipments. Every change is logged so a whole order can be undone (ship complete that turned out partial).
/// </summary>
internal sealed class GreedyState
{
    private readonly SourcingProblem _problem;
    private readonly Dictionary<StockKey, int> _stock;
    private readonly int[] _units;
    private readonly int[] _shipments;
    private readonly Stack<Action> _undo = new();
    private bool[] _open = [];
    private int _openCount;
    private int _maxShipments;

    public GreedyState(SourcingProblem problem)
    {
        _problem = problem;
        _stock = new Dictionary<StockKey, int>(problem.Available);
        _units = problem.Locations.Select(l => l.CapacityUnits ?? int.MaxValue).ToArray();
        _shipments = problem.Locations.Select(l => l.CapacityShipments ?? int.MaxValue).ToArray();
    }

    public int UndoMark => _undo.Count;

    public void StartOrder(ProblemOrder order)
    {
        _open = new bool[_problem.Locations.Count];
        _openCount = 0;
        _maxShipments = order.Policy.MaxShipments ?? int.MaxValue;
    }

    public bool IsOpen(int location) => _open[location];

    public bool CanShipFrom(int location) => _open[location] || (_openCount < _maxShipments && _shipments[location] > 0);

    /// <summary>Units of <paramref name="sku"/> that may still be taken at a location, within stock and capacity.</summary>
    public int Takeable(string sku, int location) => Math.Min(_stock.GetValueOrDefault(new StockKey(sku, location)), _units[location]);

    public int UnitsLeft(int location) => _units[location];

    public void Take(string sku, int location, int quantity)
    {
        var key = new StockKey(sku, location);
        _stock[key] = _stock.GetValueOrDefault(key) - quantity;
        _units[location] -= quantity;
        _undo.Push(() =>
        {
            _stock[key] += quantity;
            _units[location] += quantity;
        });
        if (!_open[location])
        {
            _open[location] = true;
            _openCount++;
            _shipments[location]--;
            _undo.Push(() =>
            {
                _open[location] = false;
                _openCount--;
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

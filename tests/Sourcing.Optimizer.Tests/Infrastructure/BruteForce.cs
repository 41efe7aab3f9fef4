using Sourcing.Optimizer.Model;

namespace Sourcing.Optimizer.Tests.Infrastructure;

/// <summary>
/// The referee for exactness: tries every way to split every line over its candidates and backorder (with
/// branch-and-bound on the partial cost, which only skips branches that cannot win), keeps the cheapest valid plan.
/// Shares no code with the optimizer: each complete plan is judged and priced by the test project's own <see cref="Referee"/>.
/// </summary>
internal sealed class BruteForce
{
    private readonly SourcingProblem _problem;
    private readonly List<(int Order, int Line)> _lines;
    private readonly LinePlan[][] _current;
    private readonly Dictionary<StockKey, int> _stock;
    private readonly int[][] _openCount;
    private long _best = long.MaxValue;

    private BruteForce(SourcingProblem problem)
    {
        _problem = problem;
        _lines = problem.Orders.SelectMany((order, o) => order.Lines.Select((_, l) => (o, l))).ToList();
        _current = problem.Orders.Select(order => new LinePlan[order.Lines.Count]).ToArray();
        _stock = new Dictionary<StockKey, int>(problem.Available);
        _openCount = problem.Orders.Select(_ => new int[problem.Locations.Count]).ToArray();
    }

    /// <summary>The optimal total cost, or null when no plan satisfies the constraints.</summary>
    public static long? OptimalCost(SourcingProblem problem)
    {
        var search = new BruteForce(problem);
        search.Line(0, 0);
        return search._best == long.MaxValue ? null : search._best;
    }

    private void Line(int index, long cost)
    {
        if (cost >= _best)
        {
            return;
        }

        if (index == _lines.Count)
        {
            var verdict = Referee.Judge(_problem, _current);
            if (verdict.Valid && verdict.Cost < _best)
            {
                _best = (long)verdict.Cost;
            }

            return;
        }

        var (o, l) = _lines[index];
        var order = _problem.Orders[o];
        var line = order.Lines[l];
        Split(index, o, line, order, 0, line.Quantity, [], cost);
    }

    /// <summary>Distributes <paramref name="remaining"/> units over candidates from <paramref name="candidate"/> on; the rest is backordered.</summary>
    private void Split(int index, int o, ProblemLine line, ProblemOrder order, int candidate, int remaining, List<Allocation> taken, long cost)
    {
        if (candidate == line.Candidates.Count)
        {
            var (_, l) = _lines[index];
            _current[o][l] = new LinePlan(taken.ToList(), remaining);
            Line(index + 1, cost + remaining * order.Policy.BackorderPenaltyPerUnit);
            return;
        }

        var here = line.Candidates[candidate];
        var key = new StockKey(line.Sku, here.Location);
        var most = Math.Min(remaining, _stock.GetValueOrDefault(key));
        for (var quantity = 0; quantity <= most; quantity++)
        {
            if (quantity == 0)
            {
                Split(index, o, line, order, candidate + 1, remaining, taken, cost);
                continue;
            }

            var opens = _openCount[o][here.Location] == 0;
            _stock[key] -= quantity;
            _openCount[o][here.Location]++;
            taken.Add(new Allocation(here.Location, quantity));
            Split(index, o, line, order, candidate + 1, remaining - quantity, taken,
                cost + quantity * here.UnitCost + (opens ? order.ShipmentCost[here.Location] : 0));
            taken.RemoveAt(taken.Count - 1);
            _openCount[o][here.Location]--;
            _stock[key] += quantity;
        }
    }
}

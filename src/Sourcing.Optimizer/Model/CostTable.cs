namespace Sourcing.Optimizer.Model;

/// <summary>
/// Unit cost of every (order, line, location) in a dense table, -1 where the location is not a candidate: the
/// greedy engine and the bounds look costs up millions of times at 50 x 500, a list scan each time was the bottleneck.
/// </summary>
public sealed class CostTable
{
    private readonly long[][][] _unitCost;

    public CostTable(SourcingProblem problem)
    {
        var locations = problem.Locations.Count;
        _unitCost = problem.Orders.Select(order => order.Lines.Select(line =>
        {
            var row = new long[locations];
            Array.Fill(row, -1);
            foreach (var candidate in line.Candidates)
            {
                row[candidate.Location] = candidate.UnitCost;
            }

            return row;
        }).ToArray()).ToArray();
    }

    /// <summary>The cost of one unit, or -1 when the location is not a candidate of the line.</summary>
    public long UnitCost(int order, int line, int location) => _unitCost[order][line][location];
}

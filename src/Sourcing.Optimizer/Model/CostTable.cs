namespace Sourcing.Optimizer.Model;

/// <summary>
/// The problem re-indexed for speed: unit cost of every (order, line, location) in a dense table (-1 where the location
/// is not a candidate), and each SKU's stock as an array by location. The greedy engine and the bounds look these up
/// millions of times at 50 x 500; list scans and string-keyed dictionary lookups were the bottleneck.
/// </summary>
public sealed class CostTable
{
    private readonly long[][][] _unitCost;
    private readonly int[][][] _stockRow;
    private readonly int[][] _skuId;

    public CostTable(SourcingProblem problem)
    {
        var locations = problem.Locations.Count;
        var stockBySku = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (var (key, units) in problem.Available)
        {
            if (!stockBySku.TryGetValue(key.Sku, out var row))
            {
                stockBySku[key.Sku] = row = new int[locations];
            }

            row[key.Location] = units;
        }

        var skuIds = stockBySku.Keys.Select((sku, id) => (sku, id)).ToDictionary(p => p.sku, p => p.id, StringComparer.Ordinal);
        InitialStock = stockBySku.Values.ToArray();
        _skuId = problem.Orders.Select(order => order.Lines.Select(line => skuIds.GetValueOrDefault(line.Sku, -1)).ToArray()).ToArray();
        var noStock = new int[locations];
        _stockRow = problem.Orders.Select(order => order.Lines.Select(line => stockBySku.GetValueOrDefault(line.Sku) ?? noStock).ToArray()).ToArray();
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

    /// <summary>Available units by SKU id (see <see cref="SkuId"/>), then location index. Shared: never modify.</summary>
    public IReadOnlyList<int[]> InitialStock { get; }

    /// <summary>The id of the line's SKU, or -1 when it has no stock anywhere.</summary>
    public int SkuId(int order, int line) => _skuId[order][line];

    /// <summary>The cost of one unit, or -1 when the location is not a candidate of the line.</summary>
    public long UnitCost(int order, int line, int location) => _unitCost[order][line][location];

    /// <summary>Units of the line's SKU available at the location, before anything is taken.</summary>
    public int Available(int order, int line, int location) => _stockRow[order][line][location];
}

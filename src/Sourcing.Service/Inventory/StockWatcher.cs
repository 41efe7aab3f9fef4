using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Sourcing.Service.Errors;

namespace Sourcing.Service.Inventory;

/// <summary>
/// Follows the stock event log for WatchStock. The log is polled rather than blocked on, because a blocking XREAD
/// would stall the shared Redis multiplexer for every other caller.
/// </summary>
public sealed partial class StockWatcher(IStockStore store, TimeProvider clock)
{
    private const int PageSize = 500;
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(100);

    public async IAsyncEnumerable<StockEvent> WatchAsync(string afterPosition, IReadOnlyCollection<string> skus, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var problems = new ProblemList();
        if (afterPosition.Length > 0 && !PositionPattern().IsMatch(afterPosition))
        {
            problems.Add("after_position", "is not a position from a stock event");
        }

        if (skus.Count > StockLedger.MaxSkusPerRead)
        {
            problems.Add("skus", $"name at most {StockLedger.MaxSkusPerRead} SKUs, {skus.Count} were given");
        }

        foreach (var (sku, i) in skus.Take(100).Select((s, i) => (s, i)))
        {
            problems.Sku($"skus[{i}]", sku);
        }

        problems.ThrowIfAny();

        var onlySkus = skus.Count == 0 ? null : skus.ToHashSet(StringComparer.Ordinal);
        var position = afterPosition.Length > 0 ? afterPosition : await store.LatestEventPositionAsync(cancellationToken);
        while (!cancellationToken.IsCancellationRequested)
        {
            var page = await store.ReadEventsAsync(position, PageSize, cancellationToken);
            foreach (var stockEvent in page)
            {
                position = stockEvent.Position;
                if (onlySkus is null || onlySkus.Contains(stockEvent.Level.Sku))
                {
                    yield return stockEvent;
                }
            }

            if (page.Count < PageSize)
            {
                await Task.Delay(IdlePoll, clock, cancellationToken);
            }
        }
    }

    // A stream id, or with a partitioned store one per partition joined by ',' (the store checks the count).
    [GeneratedRegex(@"\A[0-9]{1,20}(-[0-9]{1,20})?(,[0-9]{1,20}(-[0-9]{1,20})?){0,1023}\z")]
    private static partial Regex PositionPattern();
}

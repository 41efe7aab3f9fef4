using Sourcing.Service.Inventory;

namespace Sourcing.Service.Orders.Background;

/// <summary>
/// Tells from the stock event log which SKUs became more available at some location: stock counted or adjusted up,
/// imported, a lower safety stock, or units given back by a released or expired reservation. Reservations, commits
/// and shortages only take stock away. Remembers the last availability seen per (SKU, location) so a recount that
/// lowers stock is not mistaken for an arrival.
/// </summary>
public sealed class StockArrivals
{
    private readonly Dictionary<(string Sku, string LocationId), long> _lastAvailable = [];

    /// <summary>
    /// The SKUs, in first-seen order, whose availability rose somewhere in these events. Changes nothing: call
    /// <see cref="Remember"/> once they are dealt with, so a failed attempt sees the same rises again.
    /// </summary>
    public IReadOnlyList<string> SkusWithMoreStock(IReadOnlyList<StockEvent> events)
    {
        var rose = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var latest = new Dictionary<(string Sku, string LocationId), long>();
        foreach (var stockEvent in events)
        {
            var level = stockEvent.Level;
            var key = (level.Sku, level.LocationId);
            var known = latest.TryGetValue(key, out var before) || _lastAvailable.TryGetValue(key, out before);
            latest[key] = level.Available;
            var mayAdd = stockEvent.Kind is StockChangeKind.Set or StockChangeKind.Adjusted or StockChangeKind.Imported
                or StockChangeKind.SafetyStock or StockChangeKind.Released or StockChangeKind.Expired;
            // Without an earlier figure, a change that may add stock counts when something is available now.
            if (mayAdd && level.Available > 0 && (!known || level.Available > before) && seen.Add(level.Sku))
            {
                rose.Add(level.Sku);
            }
        }

        return rose;
    }

    /// <summary>Keeps the availability these events leave, to compare the next events with.</summary>
    public void Remember(IReadOnlyList<StockEvent> events)
    {
        foreach (var stockEvent in events)
        {
            _lastAvailable[(stockEvent.Level.Sku, stockEvent.Level.LocationId)] = stockEvent.Level.Available;
        }
    }
}

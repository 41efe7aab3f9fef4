using Sourcing.Orders.Returns;
using Sourcing.Service.Inventory;

namespace Sourcing.Service.Returns;

/// <summary>
/// Restocks returned units as one stock adjustment per request id through the stock ledger, so the stock store's own
/// idempotency (in memory and in Redis) applies a retried or reconciled restock once, and stock watchers see the
/// adjustment with the return named as its reason.
/// </summary>
public sealed class LedgerReturnStock(StockLedger ledger) : IReturnStock
{
    public async Task RestockAsync(string requestId, string sku, string locationId, int quantity, string reason, CancellationToken cancellationToken)
    {
        // A restock only ever adds: a zero or negative quantity is a caller's bug, not a stock decrease to carry out.
        ArgumentOutOfRangeException.ThrowIfLessThan(quantity, 1);
        await ledger.AdjustStockAsync(InventoryRequestId(requestId), sku, locationId, quantity, reason, cancellationToken);
    }

    /// <summary>
    /// A fixed-length stand-in for the return's request id, as the order's own stock adjustments use: ids built from an
    /// RMA, a receipt and a line id can outgrow the inventory's limit, and the same id must always name the same adjustment.
    /// </summary>
    public static string InventoryRequestId(string requestId) => "return-restock:" + RequestIdDigest.Of(requestId);
}

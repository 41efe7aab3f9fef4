using Microsoft.Extensions.Options;
using Sourcing.Orders;
using Sourcing.Service.Inventory;

namespace Sourcing.Service.Orders.Background;

/// <summary>
/// Follows the stock event log from its newest position at start-up and, when stock of some SKUs arrives, sources
/// the orders backordered on them again (oldest order first). Events before start-up are not replayed: orders
/// backordered then are left to the next arrival of their SKUs. A failed read or re-sourcing is logged and retried
/// from the same position, which is harmless: re-sourcing an order that is no longer backordered does nothing.
/// Runs on one replica at a time, under the lease "backorder-resourcer"; a new holder starts at the newest event. A
/// pass of a holder whose lease lapsed may overlap the next holder's: safe for the same reason, since each order
/// changes in one transaction of the order store and an order sourced by one pass is no longer backordered for the other.
/// </summary>
public sealed partial class BackorderResourcer(
    IStockStore stock, OrderLifecycle lifecycle, TimeProvider clock, IOptions<OrderBackgroundOptions> options, ILogger<BackorderResourcer> logger)
    : BackgroundService
{
    private const int PageSize = 500;

    /// <summary>SKUs per call to the order store's backorder finder, to keep its query small.</summary>
    private const int SkusPerBatch = 100;

    private readonly StockArrivals _arrivals = new();
    private string? _position;
    private int _failedReads;

    /// <summary>The position of the last stock event handled; null until the start position is known (for diagnostics and tests).</summary>
    internal string? Position => Volatile.Read(ref _position);

    /// <summary>Polls that failed (the stock store or the order store down).</summary>
    internal int FailedReads => Volatile.Read(ref _failedReads);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var timer = new PeriodicTimer(settings.StockPollEvery, clock);
        do
        {
            try
            {
                int handled;
                do
                {
                    handled = await ReadPageAsync(settings, stoppingToken);
                }
                while (handled == PageSize);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                Interlocked.Increment(ref _failedReads);
                LogFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Reads and handles one page of events; returns how many there were.</summary>
    private async Task<int> ReadPageAsync(OrderBackgroundOptions settings, CancellationToken stoppingToken)
    {
        if (_position is null)
        {
            Volatile.Write(ref _position, await stock.LatestEventPositionAsync(stoppingToken));
            return 0;
        }

        var page = await stock.ReadEventsAsync(_position, PageSize, stoppingToken);
        var skus = _arrivals.SkusWithMoreStock(page);
        foreach (var batch in skus.Chunk(SkusPerBatch))
        {
            var tried = await lifecycle.ResourceBackordersAsync(batch, settings.MaxOrdersPerPass, stoppingToken);
            if (tried > 0)
            {
                // Arrivals that no order waits for are the normal case (every replenishment): not worth a line each.
                LogResourced(logger, batch.Length, tried);
            }
        }

        _arrivals.Remember(page);
        if (page.Count > 0)
        {
            Volatile.Write(ref _position, page[^1].Position);
        }

        return page.Count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stock arrived for {SkuCount} SKU(s); {OrderCount} backordered order(s) sourced again")]
    private static partial void LogResourced(ILogger logger, int skuCount, int orderCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Following the stock events for backorders failed; retrying on the next tick")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

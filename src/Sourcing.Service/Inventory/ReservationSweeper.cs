using Microsoft.Extensions.Options;

namespace Sourcing.Service.Inventory;

/// <summary>Releases reservations whose expiry has passed, so held units go back on sale without a caller.</summary>
public sealed partial class ReservationSweeper(IStockStore store, TimeProvider clock, IOptions<InventoryOptions> options, ILogger<ReservationSweeper> logger)
    : BackgroundService
{
    private const int BatchSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                int expired;
                do
                {
                    expired = await store.ExpireDueAsync(clock.GetUtcNow(), BatchSize, stoppingToken);
                    if (expired > 0)
                    {
                        LogExpired(logger, expired);
                    }
                }
                while (expired == BatchSize);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A Redis outage must not kill the sweeper: the next tick tries again.
                LogSweepFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Released {Count} expired reservations")]
    private static partial void LogExpired(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reservation sweep failed; retrying on the next tick")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}

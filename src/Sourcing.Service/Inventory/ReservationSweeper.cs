using Microsoft.Extensions.Options;

namespace Sourcing.Service.Inventory;

/// <summary>Releases reservations whose expiry has passed, so held units go back on sale without a caller.</summary>
/// <remarks>
/// Runs on one replica at a time, under the lease "reservation-sweeper". A sweep of a holder whose lease lapsed may
/// overlap the next holder's: safe, because the store's expiry releases a reservation only while it is still held, in
/// one atomic step per reservation, so a reservation two sweeps both pick is released (and its expiry event written) once.
/// </remarks>
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
                ExpirySweep sweep;
                do
                {
                    sweep = await store.ExpireDueAsync(clock.GetUtcNow(), BatchSize, stoppingToken);
                    if (sweep.Expired > 0)
                    {
                        LogExpired(logger, sweep.Expired);
                    }

                    foreach (var id in sweep.Unreadable)
                    {
                        LogUnreadable(logger, id);
                    }

                    if (sweep.Unreadable.Count > 0)
                    {
                        LogUnreadableCount(logger, sweep.Unreadable.Count);
                    }
                }
                while (sweep.Examined == BatchSize);
                Telemetry.SourcingTelemetry.SweepCompleted(clock.GetUtcNow());
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Reservation {ReservationId} could not be read and was set aside; its units stay reserved until it is repaired or removed")]
    private static partial void LogUnreadable(ILogger logger, string reservationId);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} unreadable reservations set aside in this sweep; the others were released as due")]
    private static partial void LogUnreadableCount(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reservation sweep failed; retrying on the next tick")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}

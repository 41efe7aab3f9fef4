using Microsoft.Extensions.Options;
using Sourcing.Orders;

namespace Sourcing.Service.Orders.Background;

/// <summary>
/// Runs <see cref="OrderReconciler"/> at start-up and every <see cref="OrderBackgroundOptions.ReconcileEvery"/>: orders a crash or a
/// lost connection left between steps are finished or undone, lapsed stock holds re-sourced. A failed pass (the order
/// store or the inventory down) is logged and the next tick tries again. Runs on one replica at a time, under the
/// lease "order-reconciler"; a pass of a holder whose lease lapsed may overlap the next holder's, which is safe because
/// every step the reconciler repeats is idempotent and each order changes in one transaction of the order store.
/// </summary>
public sealed partial class OrderReconcilerWorker(
    OrderReconciler reconciler, TimeProvider clock, IOptions<OrderBackgroundOptions> options, ILogger<OrderReconcilerWorker> logger)
    : BackgroundService
{
    private int _passes;
    private int _failedPasses;

    /// <summary>Passes finished, failed or not (for diagnostics and tests).</summary>
    internal int Passes => Volatile.Read(ref _passes);

    internal int FailedPasses => Volatile.Read(ref _failedPasses);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var timer = new PeriodicTimer(settings.ReconcileEvery, clock);
        // The first pass runs at start-up: orders a stopped instance left behind need not wait a full period.
        do
        {
            await RunPassAsync(settings, stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task RunPassAsync(OrderBackgroundOptions settings, CancellationToken stoppingToken)
    {
        try
        {
            var looked = await reconciler.RunOnceAsync(settings.ReconcileAfter, settings.MaxOrdersPerPass, stoppingToken);
            if (looked > 0)
            {
                LogReconciled(logger, looked);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref _failedPasses);
            if (exception is OrderStoreUnavailableException)
            {
                LogStoreDown(logger, exception.Message);
            }
            else
            {
                LogPassFailed(logger, exception);
            }
        }
        finally
        {
            Interlocked.Increment(ref _passes);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The order reconciler looked at {Count} order(s) left between steps")]
    private static partial void LogReconciled(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The order reconciler could not reach the order store ({Reason}); retrying on the next tick")]
    private static partial void LogStoreDown(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "An order reconciler pass failed; retrying on the next tick")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}

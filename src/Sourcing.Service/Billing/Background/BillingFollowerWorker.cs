using Sourcing.Orders;
using Sourcing.Orders.Billing;

namespace Sourcing.Service.Billing.Background;

/// <summary>
/// Runs one feed follower of billing (invoices from confirmed shipments; payment holds from capture results) for the
/// life of the service: a batch at a time until it is caught up, then it sleeps until the feed it follows has news (or
/// a minute passes). A failed batch (a store down) is logged and tried again after a pause; the follower's checkpoint
/// is saved only after a batch is done, so nothing is skipped. Runs on one replica at a time, under the lease
/// "billing-follower:" and the follower's name; a batch of a holder whose lease lapsed may overlap the next holder's
/// (both read from the same checkpoint): safe, because invoices are issued once per source key and payment verdicts
/// are idempotent on the order, so the batch read twice changes nothing the second time.
/// </summary>
public sealed partial class BillingFollowerWorker(
    string name, Func<CancellationToken, Task<int>> runOnce, Func<TimeSpan, CancellationToken, Task> waitForNews, TimeProvider clock, ILogger<BillingFollowerWorker> logger)
    : BackgroundService
{
    private static readonly TimeSpan QuietWait = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan FailurePause = TimeSpan.FromSeconds(5);

    /// <summary>Follows the order feed from the follower's checkpoint in the billing store.</summary>
    public static Func<TimeSpan, CancellationToken, Task> OrderFeed(IOrderStore orders, IBillingStore billing, string checkpoint) =>
        async (timeout, cancellationToken) => await orders.WaitForEventsAsync(await billing.GetCheckpointAsync(checkpoint, cancellationToken), timeout, cancellationToken);

    /// <summary>Follows the billing feed from the follower's checkpoint.</summary>
    public static Func<TimeSpan, CancellationToken, Task> BillingFeed(IBillingStore billing, string checkpoint) =>
        async (timeout, cancellationToken) => await billing.WaitForEventsAsync(await billing.GetCheckpointAsync(checkpoint, cancellationToken), timeout, cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await runOnce(stoppingToken) == 0)
                {
                    await waitForNews(QuietWait, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogFailed(logger, exception, name);
                await Task.Delay(FailurePause, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The billing follower {Name} failed a batch; trying again shortly")]
    private static partial void LogFailed(ILogger logger, Exception exception, string name);
}

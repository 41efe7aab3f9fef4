using Sourcing.Orders.Billing;
using Sourcing.Orders.Billing.Dunning;
using Sourcing.Orders.Billing.Invoicing;

namespace Sourcing.Service.Billing.Background;

/// <summary>
/// The daily dunning run: once the UTC clock passes <see cref="DunningOptions.ScheduledHourUtc"/>, the run for the
/// seller's today starts, once per day. A failed run (the store down) is tried again on the next look; a run repeated
/// on one day (a restart, or finance running it by hand first) raises nothing more, because the run itself is
/// idempotent per day. Only the service clock decides the day. Runs on one replica at a time, under the lease
/// "scheduled-dunning"; a run of a holder whose lease lapsed may overlap the next holder's: safe, because each page of
/// customers changes their accounts in one transaction of the billing store and a level already raised today is not
/// raised again.
/// </summary>
public sealed partial class ScheduledDunning(DunningService dunning, BillingOptions options, TimeProvider clock, ILogger<ScheduledDunning> logger)
    : BackgroundService
{
    /// <summary>How often the clock is looked at: a run starts at most this late after its hour.</summary>
    public static readonly TimeSpan LookEvery = TimeSpan.FromMinutes(1);

    private DateOnly? _lastRunUtcDay;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(LookEvery, clock);
        do
        {
            await RunIfDueAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Runs today's dunning if its hour has come and it has not run yet; true when it ran.</summary>
    internal async Task<bool> RunIfDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var utcDay = DateOnly.FromDateTime(now.UtcDateTime);
        if (now.Hour < options.Dunning.ScheduledHourUtc || _lastRunUtcDay == utcDay)
        {
            return false;
        }

        var asOf = SellerCalendar.LocalDay(options, now);
        try
        {
            var result = await dunning.RunAsync(asOf, "system", null, cancellationToken);
            _lastRunUtcDay = utcDay;
            LogRan(logger, asOf, result.CustomersChecked, result.ItemsRaised, result.FeeInvoices);
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, exception, asOf);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dunning run for {AsOf}: {Customers} customer(s) checked, {Items} item(s) raised, {Fees} fee invoice(s)")]
    private static partial void LogRan(ILogger logger, DateOnly asOf, int customers, int items, int fees);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The scheduled dunning run for {AsOf} failed; trying again shortly")]
    private static partial void LogFailed(ILogger logger, Exception exception, DateOnly asOf);
}

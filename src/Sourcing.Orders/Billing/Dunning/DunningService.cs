using Microsoft.Extensions.Logging;
using Sourcing.Orders.Billing.Invoicing;
using Sourcing.Orders.Billing.Receivables;

namespace Sourcing.Orders.Billing.Dunning;

/// <summary>
/// A dunning run (scheduled daily, or on request): pages through the customers with items old enough to reach the
/// first level and changes them a page at a time, so the run's memory is one page whatever the customer count.
/// </summary>
public sealed class DunningService(IBillingStore store, BillingOptions options, TimeProvider clock, ILogger<DunningService> logger)
{
    public const int PageSize = 200;

    private readonly DunningLevels _levels = new(options.Dunning);

    public async Task<DunningRunResult> RunAsync(DateOnly asOf, string actor, IProgress<DunningProgress>? progress, CancellationToken cancellationToken)
    {
        var result = DunningRunResult.Empty;
        var after = "";
        while (true)
        {
            var customers = await store.FindCustomersWithOverdueItemsAsync(_levels.DueBefore(asOf), after, PageSize, cancellationToken);
            if (customers.Count == 0)
            {
                break;
            }

            var now = clock.GetUtcNow();
            var context = new ReceivablesContext(actor, now, SellerCalendar.LocalDay(options, now), options);
            IReadOnlyList<CustomerDunning> page;
            try
            {
                page = await store.ChangeAccountsAsync(customers, AccountLoad.Default, account => DunningRun.Apply(account, asOf, _levels, context), cancellationToken);
            }
            catch (BillingDuplicateException)
            {
                // A concurrent run charged one of these customers today: this page is done by it, and a second pass finds nothing to raise.
                page = await store.ChangeAccountsAsync(customers, AccountLoad.Default, account => DunningRun.Apply(account, asOf, _levels, context), cancellationToken);
            }

            result = page.Aggregate(result, (sum, customer) => sum.Add(customer));
            progress?.Report(new DunningProgress(result.CustomersChecked, result.ItemsRaised));
            after = customers[^1];
            if (customers.Count < PageSize)
            {
                break;
            }
        }

        logger.LogInformation("Dunning run as of {AsOf} by {Actor}: {Result}", asOf, actor, result);
        return result;
    }
}

using Microsoft.Extensions.Options;
using Sourcing.Orders.Billing;
using Sourcing.Orders.Billing.Receivables;

namespace Sourcing.Orders.Customers.Overview;

/// <summary>
/// Builds the 360° view (<see cref="CustomerOverview"/>) and pages the timeline. Reads only: the customer store, the
/// order store (orders with their returns, events), the billing store (accounts, documents, payments).
/// </summary>
public sealed class CustomerOverviewReader(
    CustomerDirectory directory,
    CustomerFactsReader facts,
    IOrderStore orders,
    IBillingStore billing,
    CustomerAccounts accounts,
    TimeProvider clock,
    IOptions<CustomerOptions> options)
{
    public const int DefaultTimelinePageSize = 20, MaxTimelinePageSize = 100;

    /// <summary>The facts of a customer without orders are read in this currency.</summary>
    public const string DefaultCurrency = "EUR";

    private readonly TimelineReader _timeline = new(orders, billing);

    /// <summary>The overview of the customer this id resolves to (merges followed), with the first timeline page.</summary>
    public async Task<CustomerOverview> GetAsync(string customerId, int timelinePageSize, CancellationToken cancellationToken)
    {
        var pageSize = PageSize(timelinePageSize, "timeline_page_size");
        var (resolved, documents) = await ResolveAsync(customerId, cancellationToken);
        var ids = resolved.CustomerIds;
        var limit = options.Value;

        var customerOrders = await orders.ListByCustomersAsync(ids, limit.OverviewOrderLimit, cancellationToken);
        var currency = customerOrders.Count > 0 ? customerOrders[0].Document.Currency : DefaultCurrency;
        var totals = await orders.SummariseCustomersAsync(ids, currency, cancellationToken);
        var customerFacts = await facts.ReadAsync(resolved.Survivor.Document.CustomerId, currency, cancellationToken);

        // Only ids the receivables know: an empty view per merged id without an account would say nothing.
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var views = new List<CustomerAccountView>();
        var billingDocuments = new List<BillingDocument>();
        var payments = new List<Payment>();
        foreach (var id in ids)
        {
            if (await billing.GetAccountAsync(id, cancellationToken) is not null)
            {
                views.Add(await accounts.GetAccountAsync(id, today, cancellationToken));
            }

            billingDocuments.AddRange(await billing.ListDocumentsAsync(id, null, limit.OverviewDocumentLimit, cancellationToken));
            payments.AddRange(await billing.ListPaymentsAsync(id, limit.OverviewDocumentLimit, cancellationToken));
        }

        var timeline = await _timeline.ReadAsync(ids, documents, pageSize, null, cancellationToken);
        return new CustomerOverview(
            resolved.Survivor,
            ids,
            customerFacts,
            customerOrders,
            totals.Orders,
            views,
            billingDocuments.OrderByDescending(d => d.IssuedAt).ThenByDescending(d => d.Id, StringComparer.Ordinal).Take(limit.OverviewDocumentLimit).ToList(),
            payments.OrderByDescending(p => p.RecordedAt).ThenByDescending(p => p.Id, StringComparer.Ordinal).Take(limit.OverviewDocumentLimit).ToList(),
            timeline,
            resolved.Survivor.Document.Status == CustomerStatus.Erased);
    }

    /// <summary>
    /// The timeline newest first: the orders' events, the customer record's events, documents issued and payments
    /// recorded. <paramref name="pageToken"/> comes from an earlier page; a malformed one is an
    /// <see cref="ArgumentException"/> naming page_token (the host answers INVALID_ARGUMENT).
    /// </summary>
    public async Task<TimelinePage> GetTimelineAsync(string customerId, int pageSize, string? pageToken, CancellationToken cancellationToken)
    {
        var size = PageSize(pageSize, "page_size");
        var after = string.IsNullOrEmpty(pageToken) ? null : TimelineCursor.Parse(pageToken);
        var (resolved, documents) = await ResolveAsync(customerId, cancellationToken);
        return await _timeline.ReadAsync(resolved.CustomerIds, documents, size, after, cancellationToken);
    }

    private static int PageSize(int pageSize, string field) => pageSize switch
    {
        0 => DefaultTimelinePageSize,
        >= 1 and <= MaxTimelinePageSize => pageSize,
        _ => throw new ArgumentException($"A page holds 1 to {MaxTimelinePageSize} entries (0 means {DefaultTimelinePageSize}); {pageSize} was asked.", field),
    };

    /// <summary>The survivor with everyone merged into it, and their records (whose own events the timeline shows).</summary>
    private async Task<(ResolvedCustomer Resolved, IReadOnlyList<CustomerDocument> Documents)> ResolveAsync(string customerId, CancellationToken cancellationToken)
    {
        var resolved = await directory.ResolveAsync(customerId, cancellationToken);
        var documents = new List<CustomerDocument> { resolved.Survivor.Document };
        foreach (var id in resolved.CustomerIds.Where(id => id != resolved.Survivor.Document.CustomerId))
        {
            documents.Add((await directory.GetAsync(id, cancellationToken)).Document);
        }

        return (resolved, documents);
    }
}

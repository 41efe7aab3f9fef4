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
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

        // Everything below depends only on the ids, so it is read at once (the stores take a pooled connection per
        // call), and each thing once: the facts come from the customer and totals read here, an id's account,
        // documents and payments serve the account view, the overview's lists and the timeline's first page.
        var ordersAndTotals = OrdersAndTotalsAsync(ids, limit.OverviewOrderLimit, cancellationToken);
        var billingRows = ids.ToDictionary(
            id => id,
            id => new BillingRowsReadOnce(
                billing, id,
                Math.Max(Math.Max(CustomerAccounts.RecentDocuments, limit.OverviewDocumentLimit), pageSize + 1),
                Math.Max(Math.Max(CustomerAccounts.RecentPayments, limit.OverviewDocumentLimit), pageSize + 1),
                cancellationToken),
            StringComparer.Ordinal);
        var timeline = _timeline.ReadAsync(
            ids, documents, pageSize, null,
            (id, max) => billingRows[id].NewestDocumentsAsync(max),
            (id, max) => billingRows[id].NewestPaymentsAsync(max),
            cancellationToken);
        await Task.WhenAll(billingRows.Values.Select(r => r.Completion).Append(ordersAndTotals).Append(timeline));

        var (customerOrders, currency, totals) = await ordersAndTotals;
        var customerFacts = facts.Of(resolved.Survivor.Document, totals, currency);

        // Only ids the receivables know: an empty view per merged id without an account would say nothing.
        var views = new List<CustomerAccountView>();
        var billingDocuments = new List<BillingDocument>();
        var payments = new List<Payment>();
        foreach (var id in ids)
        {
            var rows = billingRows[id];
            if (await rows.Account is { } account)
            {
                views.Add(CustomerAccounts.View(id, today, account, await rows.Payments, await rows.Documents));
            }

            billingDocuments.AddRange((await rows.Documents).Take(limit.OverviewDocumentLimit));
            payments.AddRange((await rows.Payments).Take(limit.OverviewDocumentLimit));
        }

        return new CustomerOverview(
            resolved.Survivor,
            ids,
            customerFacts,
            customerOrders,
            totals.Orders,
            views,
            billingDocuments.OrderByDescending(d => d.IssuedAt).ThenByDescending(d => d.Id, StringComparer.Ordinal).Take(limit.OverviewDocumentLimit).ToList(),
            payments.OrderByDescending(p => p.RecordedAt).ThenByDescending(p => p.Id, StringComparer.Ordinal).Take(limit.OverviewDocumentLimit).ToList(),
            await timeline,
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

    /// <summary>The newest orders, the currency of the newest (the facts are in it) and the totals of all orders in it.</summary>
    private async Task<(IReadOnlyList<Order> Orders, string Currency, CustomerOrderTotals Totals)> OrdersAndTotalsAsync(
        IReadOnlyList<string> ids, int limit, CancellationToken cancellationToken)
    {
        var customerOrders = await orders.ListByCustomersAsync(ids, limit, cancellationToken);
        var currency = customerOrders.Count > 0 ? customerOrders[0].Document.Currency : DefaultCurrency;
        return (customerOrders, currency, await orders.SummariseCustomersAsync(ids, currency, cancellationToken));
    }

    /// <summary>The survivor with everyone merged into it, and their records (whose own events the timeline shows).</summary>
    private async Task<(ResolvedCustomer Resolved, IReadOnlyList<CustomerDocument> Documents)> ResolveAsync(string customerId, CancellationToken cancellationToken)
    {
        var resolved = await directory.ResolveAsync(customerId, cancellationToken);
        var merged = await Task.WhenAll(resolved.CustomerIds
            .Where(id => id != resolved.Survivor.Document.CustomerId)
            .Select(id => directory.GetAsync(id, cancellationToken)));
        return (resolved, [resolved.Survivor.Document, .. merged.Select(m => m.Document)]);
    }
}

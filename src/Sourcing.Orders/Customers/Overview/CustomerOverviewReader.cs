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
    /// <summary>The overview of the customer this id resolves to (merges followed), with the first timeline page.</summary>
    public Task<CustomerOverview> GetAsync(string customerId, int timelinePageSize, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    /// <summary>
    /// The timeline newest first: the orders' events, the customer record's events, documents issued and payments
    /// recorded. <paramref name="pageToken"/> comes from an earlier page; a malformed one is
    /// <see cref="CustomerStateException"/> INVALID_PAGE_TOKEN (the host answers INVALID_ARGUMENT).
    /// </summary>
    public Task<TimelinePage> GetTimelineAsync(string customerId, int pageSize, string? pageToken, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    // Placeholder until the methods above are written: keeps the dependencies referenced.
    private object Dependencies() => (directory, facts, orders, billing, accounts, clock, options);
}

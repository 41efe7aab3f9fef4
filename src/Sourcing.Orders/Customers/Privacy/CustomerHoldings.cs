using Sourcing.Orders.Billing;

namespace Sourcing.Orders.Customers.Privacy;

/// <summary>Everything held about one customer (the survivor and those merged into it), as export and erasure read it.</summary>
/// <param name="Customers">The customer records, the survivor first.</param>
/// <param name="Orders">Every order of the customer ids, newest first.</param>
/// <param name="Accounts">The receivables of the ids that have an account.</param>
internal sealed record CustomerHoldings(
    ResolvedCustomer Resolved,
    IReadOnlyList<StoredCustomer> Customers,
    IReadOnlyList<Order> Orders,
    IReadOnlyList<BillingDocument> Documents,
    IReadOnlyList<Payment> Payments,
    IReadOnlyList<BillingAccount> Accounts)
{
    public string CustomerId => Resolved.Survivor.Document.CustomerId;
}

/// <summary>Reads a customer's holdings from the three stores. Unlike the overview it is not capped: rights cover everything.</summary>
internal sealed class CustomerHoldingsReader(CustomerDirectory directory, ICustomerStore customers, IOrderStore orders, IBillingStore billing)
{
    private const int OrdersPerPage = 100;

    /// <summary>More documents or payments than one customer could have in the retention period; a bound, not a page.</summary>
    private const int MaxBillingRows = 100_000;

    public async Task<CustomerHoldings> ReadAsync(string customerId, CancellationToken cancellationToken)
    {
        var resolved = await directory.ResolveAsync(customerId, cancellationToken);
        var ids = resolved.CustomerIds;
        var stored = await customers.GetManyAsync(ids, cancellationToken);
        var records = ids.Select(id => stored.FirstOrDefault(c => c.Document.CustomerId == id)).OfType<StoredCustomer>().ToList();

        var customerOrders = new List<Order>();
        var documents = new List<BillingDocument>();
        var payments = new List<Payment>();
        var accounts = new List<BillingAccount>();
        foreach (var id in ids)
        {
            customerOrders.AddRange(await OrdersOfAsync(id, cancellationToken));
            documents.AddRange(await billing.ListDocumentsAsync(id, null, MaxBillingRows, cancellationToken));
            payments.AddRange(await billing.ListPaymentsAsync(id, MaxBillingRows, cancellationToken));
            if (await billing.GetAccountAsync(id, cancellationToken) is { } account)
            {
                accounts.Add(account);
            }
        }

        return new CustomerHoldings(
            resolved,
            records,
            customerOrders.OrderByDescending(o => o.Document.CreatedAt).ThenByDescending(o => o.Id, StringComparer.Ordinal).ToList(),
            documents.OrderByDescending(d => d.IssuedAt).ThenByDescending(d => d.Id, StringComparer.Ordinal).ToList(),
            payments.OrderByDescending(p => p.RecordedAt).ThenByDescending(p => p.Id, StringComparer.Ordinal).ToList(),
            accounts);
    }

    /// <summary>Every order of one customer id, paged through the order list (the overview's list stops at its limit).</summary>
    private async Task<IReadOnlyList<Order>> OrdersOfAsync(string customerId, CancellationToken cancellationToken)
    {
        var found = new List<Order>();
        OrderPageToken? after = null;
        do
        {
            var page = await orders.ListAsync(new OrderQuery(null, customerId, null, null, null, OrdersPerPage, after), cancellationToken);
            foreach (var summary in page.Orders)
            {
                if (await orders.GetAsync(summary.OrderId, cancellationToken) is { } order)
                {
                    found.Add(order);
                }
            }

            after = page.Next;
        }
        while (after is not null);

        return found;
    }
}

using Microsoft.Extensions.Options;

namespace Sourcing.Orders.Customers;

/// <summary>The rule facts of a customer (<see cref="CustomerFacts"/>): the record's segment and VIP flag, the orders' totals.</summary>
public sealed class CustomerFactsReader(ICustomerStore customers, IOrderStore orders, IOptions<CustomerOptions> options)
{
    // Merges are re-pointed at the survivor, so a chain is one hop; the bound only stops a corrupt cycle.
    private const int MaxMergeHops = 16;

    /// <summary>
    /// The facts in <paramref name="currency"/> of the customer this id resolves to (merges followed);
    /// <see cref="CustomerFacts.Unknown"/> for an id the directory has never seen.
    /// </summary>
    public async Task<CustomerFacts> ReadAsync(string customerId, string currency, CancellationToken cancellationToken)
    {
        var customer = customerId.Length == 0 ? null : await customers.GetAsync(customerId, cancellationToken);
        for (var hop = 0; customer is { Document.Status: CustomerStatus.Merged } && hop < MaxMergeHops; hop++)
        {
            customer = await customers.GetAsync(customer.Document.MergedInto, cancellationToken);
        }

        if (customer is null || customer.Document.Status == CustomerStatus.Merged)
        {
            return CustomerFacts.Unknown(customerId);
        }

        var survivor = customer.Document;
        var totals = await orders.SummariseCustomersAsync([survivor.CustomerId, .. survivor.MergedFrom], currency, cancellationToken);
        return Of(survivor, totals, currency);
    }

    /// <summary>
    /// The facts of a survivor from its orders' totals in <paramref name="currency"/> (those of the survivor and everyone
    /// merged into it), for a caller that read both already.
    /// </summary>
    public CustomerFacts Of(CustomerDocument survivor, CustomerOrderTotals totals, string currency)
    {
        ArgumentNullException.ThrowIfNull(survivor);
        ArgumentNullException.ThrowIfNull(totals);
        var lifetimeValue = totals.ShippedValueMinor - totals.ReturnedValueMinor;
        var returnRate = totals.UnitsShipped == 0 ? 0 : (int)Math.Min(10_000L, totals.UnitsReturned * 10_000L / totals.UnitsShipped);
        var vipByValue = options.Value.VipLifetimeValueMinor.TryGetValue(currency, out var threshold) && lifetimeValue >= threshold;
        return new CustomerFacts(
            survivor.CustomerId,
            Known: true,
            survivor.Segment,
            survivor.Vip || vipByValue,
            totals.Orders,
            lifetimeValue,
            returnRate,
            totals.UnitsShipped,
            totals.UnitsReturned);
    }
}

using Microsoft.Extensions.Options;

namespace Sourcing.Orders.Customers;

/// <summary>The rule facts of a customer (<see cref="CustomerFacts"/>): the record's segment and VIP flag, the orders' totals.</summary>
public sealed class CustomerFactsReader(ICustomerStore customers, IOrderStore orders, IOptions<CustomerOptions> options)
{
    /// <summary>
    /// The facts in <paramref name="currency"/> of the customer this id resolves to (merges followed);
    /// <see cref="CustomerFacts.Unknown"/> for an id the directory has never seen.
    /// </summary>
    public Task<CustomerFacts> ReadAsync(string customerId, string currency, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    // Placeholder until the method above is written: keeps the dependencies referenced.
    private object Dependencies() => (customers, orders, options);
}

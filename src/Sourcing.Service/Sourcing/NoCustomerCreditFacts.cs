using Sourcing.Orders.Billing;

namespace Sourcing.Service.Sourcing;

/// <summary>
/// The credit facts of a host that keeps no receivables: every customer is one the receivables have never seen.
/// Registered only when nothing else provides <see cref="ICustomerCreditFacts"/>.
/// </summary>
public sealed class NoCustomerCreditFacts : ICustomerCreditFacts
{
    public Task<CustomerCreditFacts> GetAsync(string customerId, string currency, CancellationToken cancellationToken) =>
        Task.FromResult(CustomerCreditFacts.None);
}

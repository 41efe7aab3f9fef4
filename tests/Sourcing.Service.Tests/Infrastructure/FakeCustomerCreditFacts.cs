using System.Collections.Concurrent;
using Sourcing.Orders.Billing;

namespace Sourcing.Service.Tests.Infrastructure;

/// <summary>Receivables as a test states them: facts per customer id, or a store that does not answer.</summary>
internal sealed class FakeCustomerCreditFacts : ICustomerCreditFacts
{
    private readonly ConcurrentDictionary<string, CustomerCreditFacts> _facts = new(StringComparer.Ordinal);

    public bool Down { get; set; }

    /// <summary>Every (customer, currency) asked for, in order.</summary>
    public ConcurrentQueue<(string CustomerId, string Currency)> Asked { get; } = new();

    public void Set(string customerId, CustomerCreditFacts facts) => _facts[customerId] = facts;

    public Task<CustomerCreditFacts> GetAsync(string customerId, string currency, CancellationToken cancellationToken)
    {
        Asked.Enqueue((customerId, currency));
        return Down
            ? throw new BillingStoreUnavailableException("The billing database did not answer.", mayHaveApplied: false)
            : Task.FromResult(_facts.GetValueOrDefault(customerId, CustomerCreditFacts.None));
    }
}

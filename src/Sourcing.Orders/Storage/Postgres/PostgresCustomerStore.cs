using Sourcing.Orders.Customers;

namespace Sourcing.Orders.Storage.Postgres;

/// <summary>Customers in PostgreSQL, in the orders database, on its connection pool.</summary>
public sealed class PostgresCustomerStore(OrdersDataSource dataSource) : ICustomerStore
{
    public Task<StoredCustomer?> GetAsync(string customerId, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<IReadOnlyList<StoredCustomer>> GetManyAsync(IReadOnlyCollection<string> customerIds, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<string?> FindByIdentityAsync(IdentityKind kind, string scope, string value, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task SaveAsync(IReadOnlyList<CustomerChange> changes, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<IReadOnlyList<CustomerSearchHit>> SearchAsync(CustomerTextQuery query, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<bool> PingAsync(CancellationToken cancellationToken) => throw new NotImplementedException();

    // Placeholder until the methods above are written: keeps the dependency referenced.
    private object Dependencies() => dataSource;
}

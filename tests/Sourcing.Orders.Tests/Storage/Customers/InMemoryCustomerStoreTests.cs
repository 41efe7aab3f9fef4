using Sourcing.Orders.Customers;
using Sourcing.Orders.Storage.InMemory;

namespace Sourcing.Orders.Tests.Storage.Customers;

/// <summary>The embedded default passes the same contract as PostgreSQL (a fresh store per test).</summary>
public sealed class InMemoryCustomerStoreTests : CustomerStoreContract
{
    protected override ICustomerStore Store { get; } = new InMemoryCustomerStore();
}

using Sourcing.Orders.Storage.InMemory;

namespace Sourcing.Orders.Tests.Storage;

/// <summary>The embedded default passes the same contract as PostgreSQL (a fresh store per test).</summary>
public sealed class InMemoryOrderStoreTests : OrderStoreContract
{
    protected override IOrderStore Store { get; } = new InMemoryOrderStore();
}

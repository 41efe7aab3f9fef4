using Sourcing.Orders.Billing;
using Sourcing.Orders.Storage.InMemory;

namespace Sourcing.Orders.Tests.Billing.Invariants;

public sealed class InMemoryReceivablesInvariantTests : ReceivablesInvariantContract
{
    protected override IBillingStore Store { get; } = new InMemoryBillingStore();
}

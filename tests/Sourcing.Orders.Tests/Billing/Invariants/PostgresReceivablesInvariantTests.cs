using Sourcing.Orders.Billing;
using Sourcing.Orders.Tests.Storage.Billing;

namespace Sourcing.Orders.Tests.Billing.Invariants;

/// <summary>The same interleavings on a real PostgreSQL server: row locks, transactions and numbering as in production.</summary>
public sealed class PostgresReceivablesInvariantTests(PostgresBillingStoreFixture postgres)
    : ReceivablesInvariantContract, IClassFixture<PostgresBillingStoreFixture>
{
    protected override IBillingStore Store => postgres.Store;
}

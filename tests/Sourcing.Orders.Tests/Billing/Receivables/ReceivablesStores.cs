using Sourcing.Orders.Billing;
using Sourcing.Orders.Storage.InMemory;
using Sourcing.Orders.Storage.Postgres;
using Sourcing.Orders.Tests.Storage.Billing;

namespace Sourcing.Orders.Tests.Billing.Receivables;

/// <summary>
/// A receivables test on a store of its own: in memory, or a fresh migrated PostgreSQL database on the class's server,
/// so the same assertions (first numbers of a series, an empty feed, the unassigned list) hold on both.
/// </summary>
public abstract class ReceivablesTestBase : IAsyncLifetime
{
    private IBillingStore? _store;
    private ReceivablesWorld? _world;

    internal ReceivablesWorld World => _world ?? throw new InvalidOperationException("The store is not ready yet.");

    protected abstract Task<IBillingStore> CreateStoreAsync();

    public async Task InitializeAsync()
    {
        _store = await CreateStoreAsync();
        _world = new ReceivablesWorld(_store);
    }

    public async Task DisposeAsync()
    {
        if (_store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }
}

internal static class ReceivablesStores
{
    public static Task<IBillingStore> InMemory() => Task.FromResult<IBillingStore>(new InMemoryBillingStore());

    public static async Task<IBillingStore> FreshPostgres(PostgresBillingStoreFixture postgres)
    {
        var database = await postgres.Server.CreateDatabaseAsync();
        await OrdersDatabase.MigrateAsync(database, default);
        return PostgresBillingStore.Create(new PostgresOrderStoreOptions { ConnectionString = database });
    }
}

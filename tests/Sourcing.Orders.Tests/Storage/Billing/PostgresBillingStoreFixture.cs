using Sourcing.Orders.Storage.Postgres;
using Sourcing.Testing;

namespace Sourcing.Orders.Tests.Storage.Billing;

/// <summary>A real PostgreSQL server for one test class, with a fresh database migrated to the newest schema and a billing store on it.</summary>
public sealed class PostgresBillingStoreFixture : IAsyncLifetime
{
    public LocalPostgresServer Server { get; } = LocalPostgresServer.Start();

    public string ConnectionString { get; private set; } = "";

    public PostgresBillingStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        ConnectionString = await Server.CreateDatabaseAsync();
        await OrdersDatabase.MigrateAsync(ConnectionString, default);
        Store = PostgresBillingStore.Create(new PostgresOrderStoreOptions { ConnectionString = ConnectionString });
    }

    public async Task DisposeAsync()
    {
        if (Store is not null)
        {
            await Store.DisposeAsync();
        }

        Server.Dispose();
    }
}

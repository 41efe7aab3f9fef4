using Sourcing.Orders.Storage.Postgres;
using Sourcing.Testing;

namespace Sourcing.Orders.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL server for one test class, with a fresh database migrated to the newest schema and a store on it.
/// Tests that stall or crash the server get their own class (and so their own server).
/// </summary>
public sealed class PostgresOrderStoreFixture : IAsyncLifetime
{
    public LocalPostgresServer Server { get; } = LocalPostgresServer.Start();

    public string ConnectionString { get; private set; } = "";

    public PostgresOrderStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        ConnectionString = await Server.CreateDatabaseAsync();
        await OrdersDatabase.MigrateAsync(ConnectionString, default);
        Store = PostgresOrderStore.Create(new PostgresOrderStoreOptions { ConnectionString = ConnectionString });
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

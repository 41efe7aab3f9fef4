using Sourcing.Orders.Storage.Postgres;
using Sourcing.Testing;

namespace Sourcing.Orders.Tests.Storage.Customers;

/// <summary>A real PostgreSQL server for one test class, with a fresh database migrated to the newest schema and a customer store on it.</summary>
public sealed class PostgresCustomerStoreFixture : IAsyncLifetime
{
    public LocalPostgresServer Server { get; } = LocalPostgresServer.Start();

    public string ConnectionString { get; private set; } = "";

    public PostgresCustomerStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        ConnectionString = await Server.CreateDatabaseAsync();
        await OrdersDatabase.MigrateAsync(ConnectionString, default);
        Store = PostgresCustomerStore.Create(new PostgresOrderStoreOptions { ConnectionString = ConnectionString });
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

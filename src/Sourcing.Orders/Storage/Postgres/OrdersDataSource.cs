using Npgsql;

namespace Sourcing.Orders.Storage.Postgres;

/// <summary>The order store's connection pool with its options: one per process, shared by the store and its EF Core contexts.</summary>
public sealed class OrdersDataSource : IAsyncDisposable, IDisposable
{
    public OrdersDataSource(PostgresOrderStoreOptions options)
    {
        options.Validate();
        Options = options;
        DataSource = OrdersDatabase.CreateDataSource(options);
    }

    public PostgresOrderStoreOptions Options { get; }

    public NpgsqlDataSource DataSource { get; }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    public void Dispose() => DataSource.Dispose();
}

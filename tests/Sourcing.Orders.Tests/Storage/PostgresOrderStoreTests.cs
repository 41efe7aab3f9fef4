using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Sourcing.Orders.Storage;
using Sourcing.Orders.Storage.Postgres;
using Sourcing.Orders.Tests.Infrastructure;

namespace Sourcing.Orders.Tests.Storage;

/// <summary>The PostgreSQL store passes the contract against a real server (one database for the class).</summary>
public sealed class PostgresOrderStoreTests(PostgresOrderStoreFixture postgres) : OrderStoreContract, IClassFixture<PostgresOrderStoreFixture>
{
    protected override IOrderStore Store => postgres.Store;

    [Fact]
    public async Task RunOnceAsync_NobodyWatchesTheFeed_TheReconcilerPlacesTheNewEvents()
    {
        var order = await InsertedOrderAsync();
        Assert.All(await Store.GetHistoryAsync(order.Id, default), e => Assert.Equal(0, e.Position));
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(T0);
        var lifecycle = new OrderLifecycle(Store, new Lifecycle.TestInventory(clock), clock, NoOrderFaults.Instance,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<OrderLifecycle>.Instance);

        await new OrderReconciler(Store, lifecycle, clock).RunOnceAsync(TimeSpan.FromDays(1), 10, default);

        Assert.All(await Store.GetHistoryAsync(order.Id, default), e => Assert.True(e.Position > 0));
    }

    [Fact]
    public async Task MigrateAsync_FreshDatabaseTwice_CreatesTheSchemaAndLeavesNothingPending()
    {
        var database = await postgres.Server.CreateDatabaseAsync();

        await OrdersDatabase.MigrateAsync(database, default);
        await OrdersDatabase.MigrateAsync(database, default);

        Assert.Empty(await OrdersDatabase.PendingMigrationsAsync(database, default));
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var tables = new NpgsqlCommand(
            "SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE 'order%'", connection);
        Assert.Equal("order_events,order_requests,order_returns,orders", await tables.ExecuteScalarAsync());
    }

    [Fact]
    public async Task PendingMigrationsAsync_EmptyDatabase_ListsTheInitialMigration()
    {
        var database = await postgres.Server.CreateDatabaseAsync();

        var pending = await OrdersDatabase.PendingMigrationsAsync(database, default);

        Assert.Contains(pending, name => name.EndsWith("_InitialOrders", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddPostgresOrderStore_ServiceProvider_ResolvesOneWorkingStoreAndAContextFactory()
    {
        var services = new ServiceCollection().AddPostgresOrderStore(postgres.ConnectionString, options => options.CommandTimeout = TimeSpan.FromSeconds(2));
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var store = provider.GetRequiredService<IOrderStore>();
        var order = NewOrder();
        await store.InsertAsync(order, "req-di", "fp", default);
        await using var db = await provider.GetRequiredService<IDbContextFactory<OrdersDbContext>>().CreateDbContextAsync();

        Assert.Same(provider.GetRequiredService<PostgresOrderStore>(), store);
        Assert.True(await store.PingAsync(default));
        Assert.Equal(1, await db.Orders.CountAsync(o => o.OrderId == order.Id));
    }

    [Fact]
    public async Task SaveAsync_Order_WritesTheProjectionColumnsFromTheDocument()
    {
        var order = await InsertedOrderAsync(customerId: "C-77", backordered: Channel + "-SKU");

        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var row = new NpgsqlCommand(
            "SELECT status, customer_id, total_minor, currency, unfinished, backordered_skus, version, document->>'orderId' FROM orders WHERE order_id = $1", connection)
        {
            Parameters = { new NpgsqlParameter { Value = order.Id } },
        };
        await using var reader = await row.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());

        Assert.Equal("Backordered", reader.GetString(0));
        Assert.Equal("C-77", reader.GetString(1));
        Assert.Equal(2 * 1999L + 495, reader.GetInt64(2));
        Assert.Equal("EUR", reader.GetString(3));
        Assert.False(reader.GetBoolean(4));
        Assert.Equal([Channel + "-SKU"], reader.GetFieldValue<string[]>(5));
        Assert.Equal(1L, reader.GetInt64(6));
        Assert.Equal(order.Id, reader.GetString(7));
    }

    [Fact]
    public async Task MigrateAsync_OrderWrittenBeforeCustomerTotals_GetsItsTotalsFromTheDocument()
    {
        var database = await postgres.Server.CreateDatabaseAsync();
        var builder = new DbContextOptionsBuilder<OrdersDbContext>();
        OrdersDatabase.Configure(builder, database, TimeSpan.FromMinutes(1));
        await using (var context = new OrdersDbContext(builder.Options))
        {
            await context.GetService<IMigrator>().MigrateAsync("20261129054734_Returns");
        }

        // An order as the schema before the migration stored it: 3 units at 12.50, one delivered and one returned.
        var order = NewOrder(customerId: "C-old");
        var line = order.Document.Lines[0];
        (line.Quantity, line.UnitPriceMinor) = (3, 1250);
        line.States = new Dictionary<LineState, int> { [LineState.Delivered] = 1, [LineState.Returned] = 1, [LineState.Open] = 1 };
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand(
                """
                INSERT INTO orders (order_id, channel, external_order_number, customer_id, status, total_minor, currency, created_at, updated_at,
                                    version, unfinished, backordered_skus, earliest_hold_expiry, document)
                VALUES ($1, $2, $3, 'C-old', 'PartiallyShipped', 4245, 'EUR', $4, $4, 1, false, '{}', NULL, $5::jsonb)
                """, connection)
            {
                Parameters =
                {
                    new NpgsqlParameter { Value = order.Id }, new NpgsqlParameter { Value = order.Channel },
                    new NpgsqlParameter { Value = order.Document.ExternalOrderNumber }, new NpgsqlParameter { Value = T0 },
                    new NpgsqlParameter { Value = OrderJson.Serialize(order.Document) },
                },
            };
            await insert.ExecuteNonQueryAsync();
        }

        await OrdersDatabase.MigrateAsync(database, default);
        await using var store = PostgresOrderStore.Create(new PostgresOrderStoreOptions { ConnectionString = database });

        // The migration's SQL and Order.Project agree on what the document adds up to.
        var projected = order.Project();
        Assert.Equal((2, 1, 2500L, 1250L), (projected.UnitsShipped, projected.UnitsReturned, projected.ShippedValueMinor, projected.ReturnedValueMinor));
        Assert.Equal(new CustomerOrderTotals(1, 2, 1, 2500, 1250), await store.SummariseCustomersAsync(["C-old"], "EUR", default));
    }

    [Fact]
    public async Task InsertAsync_ReturnNumberInLowerCase_IsIndexedUpperCaseBesideTheOrder()
    {
        var order = NewOrder(customerId: "C-77");
        var rma = AddReturn(order, number: NewReturnNumber().ToLowerInvariant(), destination: "store-berlin", expiresAt: T0.AddDays(14));
        await Store.InsertAsync(order, "req-" + order.Id, "fp", default);

        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var row = new NpgsqlCommand(
            "SELECT number, order_id, channel, customer_id, kind, status, destination_location_id, created_at, due_at, unfinished FROM order_returns WHERE return_id = $1", connection)
        {
            Parameters = { new NpgsqlParameter { Value = rma.Id } },
        };
        await using var reader = await row.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());

        Assert.Equal(rma.Number.ToUpperInvariant(), reader.GetString(0));
        Assert.Equal((order.Id, Channel, "C-77", "Refund", "Authorised", "store-berlin"),
            (reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6)));
        Assert.Equal((T0, T0.AddDays(14)), (reader.GetFieldValue<DateTimeOffset>(7), reader.GetFieldValue<DateTimeOffset>(8)));
        Assert.False(reader.GetBoolean(9));
        Assert.Equal(rma.Id, (await Store.FindReturnAsync(rma.Number, default))?.ReturnId);
    }
}

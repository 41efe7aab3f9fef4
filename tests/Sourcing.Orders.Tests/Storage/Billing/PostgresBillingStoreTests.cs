using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Sourcing.Orders.Billing;
using Sourcing.Orders.Storage.Postgres;

namespace Sourcing.Orders.Tests.Storage.Billing;

/// <summary>The PostgreSQL billing store passes the contract against a real server (one database for the class).</summary>
public sealed class PostgresBillingStoreTests(PostgresBillingStoreFixture postgres) : BillingStoreContract, IClassFixture<PostgresBillingStoreFixture>
{
    protected override IBillingStore Store => postgres.Store;

    [Fact]
    public async Task MigrateAsync_FreshDatabase_CreatesTheBillingTablesWithTheFeedCounterRow()
    {
        var database = await postgres.Server.CreateDatabaseAsync();

        await OrdersDatabase.MigrateAsync(database, default);

        Assert.Empty(await OrdersDatabase.PendingMigrationsAsync(database, default));
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var tables = new NpgsqlCommand(
            """
            SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables WHERE table_schema = 'public'
            AND table_name IN ('billing_accounts', 'billing_documents', 'open_items', 'payments', 'allocations', 'document_counters',
                               'billing_events', 'billing_feed_counter', 'feed_checkpoints')
            """, connection);
        Assert.Equal("allocations,billing_accounts,billing_documents,billing_events,billing_feed_counter,document_counters,feed_checkpoints,open_items,payments",
            await tables.ExecuteScalarAsync());
        await using var counter = new NpgsqlCommand("SELECT count(*) || ':' || max(last_position) FROM billing_feed_counter", connection);
        Assert.Equal("1:0", await counter.ExecuteScalarAsync());
    }

    [Fact]
    public async Task AddPostgresOrderStore_ServiceProvider_ResolvesAWorkingBillingStoreOnTheSamePool()
    {
        var services = new ServiceCollection().AddPostgresOrderStore(postgres.ConnectionString);
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var store = provider.GetRequiredService<IBillingStore>();

        Assert.Same(provider.GetRequiredService<PostgresBillingStore>(), store);
        Assert.True(await store.PingAsync(default));
        Assert.Equal(0, await store.GetCheckpointAsync("di-" + Guid.NewGuid().ToString("N"), default));
    }

    [Fact]
    public async Task ChangeAccountsAsync_2000CustomersWith4ItemsEachInOneChange_EachAccountGetsItsOwnItemsWithinSeconds()
    {
        var customers = Enumerable.Range(0, 2_000).Select(i => Customer($"page-{i:D4}")).ToList();
        for (var round = 0; round < 4; round++)
        {
            await Store.ChangeAccountsAsync(customers, AccountLoad.Default, account =>
            {
                var (invoice, item) = NewInvoice(account.CustomerId, 1_000 + round, $"shipment:{account.CustomerId}-{round}");
                account.AddDocument(invoice, item);
                return 0;
            }, default);
        }

        var clock = Stopwatch.StartNew();
        var loaded = await Store.ChangeAccountsAsync(customers, AccountLoad.Default, account => (account.CustomerId, Gross: account.Items.Select(i => i.GrossMinor).Order().ToList()), default);
        var elapsed = clock.Elapsed;

        Assert.Equal(customers, loaded.Select(l => l.CustomerId));
        Assert.All(loaded, account => Assert.Equal([1_000L, 1_001, 1_002, 1_003], account.Gross));
        // A dunning run changes 200 customers a page. Handing each loaded item to its account by searching the customer
        // list for every item and account (2,000 × 8,000 × ~1,000 comparisons here) took minutes; one pass takes milliseconds.
        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"Loading 2,000 accounts of 4 items took {elapsed}.");
    }

    [Fact]
    public async Task ChangeAccountsAsync_Issued_DocumentRowCarriesTheNumberAndColumnsTheFindersUse()
    {
        var customer = Customer("row");
        var (invoice, item) = NewInvoice(customer, 2_380, "shipment:row");
        await IssueAsync(customer, invoice, item);

        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var row = new NpgsqlCommand(
            "SELECT kind, number, sequence, customer_id, gross_minor, document->>'number' FROM billing_documents WHERE id = $1", connection)
        {
            Parameters = { new NpgsqlParameter { Value = invoice.Id } },
        };
        await using var reader = await row.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(("Invoice", invoice.Number, 1L, customer, 2_380L, invoice.Number),
            (reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetInt64(4), reader.GetString(5)));
    }
}

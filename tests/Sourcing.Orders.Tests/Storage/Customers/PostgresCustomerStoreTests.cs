using System.Diagnostics;
using Npgsql;
using Sourcing.Orders.Customers;
using Sourcing.Orders.Storage.InMemory;
using Sourcing.Orders.Storage.Postgres;
using Xunit.Abstractions;

namespace Sourcing.Orders.Tests.Storage.Customers;

/// <summary>The PostgreSQL store passes the contract against a real server (one database for the class).</summary>
public sealed class PostgresCustomerStoreTests(PostgresCustomerStoreFixture postgres, ITestOutputHelper output)
    : CustomerStoreContract, IClassFixture<PostgresCustomerStoreFixture>
{
    protected override ICustomerStore Store => postgres.Store;

    [Fact]
    public async Task MigrateAsync_FreshDatabase_CreatesTheCustomerTablesWithTheTrigramIndex()
    {
        var database = await postgres.Server.CreateDatabaseAsync();

        await OrdersDatabase.MigrateAsync(database, default);

        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var tables = new NpgsqlCommand(
            "SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE 'customer%'", connection);
        Assert.Equal("customer_identities,customer_search,customers", await tables.ExecuteScalarAsync());
        await using var index = new NpgsqlCommand("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_customer_search_text_trgm'", connection);
        Assert.Contains("gin (text gin_trgm_ops)", (string?)await index.ExecuteScalarAsync());
    }

    [Fact]
    public async Task SaveAsync_Customer_WritesItsIdentityAndSearchRowsFromTheDocument()
    {
        var customer = NewCustomer("rows", "Jörg", "Weiß", email: "Joerg@Example.com", phone: "030 555123", postalCode: "10115");
        customer.Identities.Add(Identity(IdentityKind.LoyaltyCard, "", Id("card")));
        await SavedAsync(customer);

        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var rows = new NpgsqlCommand(
            """
            SELECT (SELECT string_agg(field || '=' || text, ';' ORDER BY field, text) FROM customer_search WHERE customer_id = $1),
                   (SELECT string_agg(kind || '/' || value, ';') FROM customer_identities WHERE customer_id = $1),
                   (SELECT status || ' ' || version FROM customers WHERE customer_id = $1)
            """, connection)
        {
            Parameters = { new NpgsqlParameter { Value = customer.CustomerId } },
        };
        await using var reader = await rows.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("Email=joerg@example.com;Name=joerg weiss;Phone=4930555123;PostalCode=10115", reader.GetString(0));
        Assert.Equal("LoyaltyCard/" + Id("card").ToUpperInvariant(), reader.GetString(1));
        Assert.Equal("Active 1", reader.GetString(2));
    }

    [Fact]
    public async Task SearchAsync_HundredThousandEntries_ReadsTheTrigramIndex()
    {
        var database = await postgres.Server.CreateDatabaseAsync();
        await OrdersDatabase.MigrateAsync(database, default);
        await using var store = PostgresCustomerStore.Create(new PostgresOrderStoreOptions { ConnectionString = database, CommandTimeout = TimeSpan.FromSeconds(60) });
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using (var fill = new NpgsqlCommand(
            """
            INSERT INTO customers (customer_id, status, version, document, updated_at)
            SELECT 'C-' || i, 'Active', 1, '{}', now() FROM generate_series(1, 100000) AS i;
            INSERT INTO customer_search (customer_id, survivor_id, field, text)
            SELECT 'C-' || i, 'C-' || i, 'Name', md5(i::text) || ' ' || substr(md5((i * 7)::text), 1, 8) FROM generate_series(1, 100000) AS i;
            ANALYZE customers; ANALYZE customer_search;
            """, connection) { CommandTimeout = 120 })
        {
            await fill.ExecuteNonQueryAsync();
        }

        await SavedIn(store, NewCustomer("needle", "Anna", "Schmidt"));

        // The plan of the store's own statement, with the thresholds it sets.
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var thresholds = new NpgsqlCommand(
            "SELECT set_config('pg_trgm.similarity_threshold', '0.3', true), set_config('pg_trgm.word_similarity_threshold', '0.3', true)", connection, transaction))
        {
            await thresholds.ExecuteNonQueryAsync();
        }

        await using var explain = new NpgsqlCommand("EXPLAIN (ANALYZE, COSTS OFF) " + PostgresCustomerStore.SearchSql, connection, transaction)
        {
            Parameters =
            {
                new() { Value = new[] { "Name", "Email", "PostalCode" } }, new() { Value = "anna schmit" }, new() { Value = false },
                new() { Value = "" }, new() { Value = 0.3 }, new() { Value = 20 }, new() { Value = 0 },
            },
        };
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        output.WriteLine(string.Join('\n', plan));
        var clock = Stopwatch.StartNew();
        var hits = await store.SearchAsync(new CustomerTextQuery("Anna Schmit", CustomerSearchField.Any, 20, 0, 0.3), default);
        output.WriteLine($"SearchAsync over 100000 entries took {clock.Elapsed}");

        Assert.Contains(plan, line => line.Contains("Bitmap Index Scan on ix_customer_search_text_trgm", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.Contains("Seq Scan on customer_search", StringComparison.Ordinal));
        Assert.Equal(Id("needle"), Assert.Single(hits).SurvivorId);
    }

    [Fact]
    public async Task TrigramSimilarity_SameTextsAsPgTrgm_ScoresExactlyWhatTheDatabaseScores()
    {
        // The in-memory store's measure must be pg_trgm's, to the bit: fixed cases and random ones from a small
        // alphabet (repeated trigrams are what make word_similarity's greedy extent search differ from an exhaustive one).
        var pairs = new List<(string Query, string Text)>
        {
            ("schmit", "schmidt"), ("anna schmit", "anna schmidt"), ("mueller", "mueller"), ("1011", "10115"),
            ("anna.schmidt@", "anna.schmidt@example.com"), ("49301234567", "4930998877"), ("", "anna"), ("a", "a"),
            ("kabankala", "kabankalan city public plaza"), ("baykal", "ozero baykal"), ("word", "two words"),

            // The greedy extent search scores this 1/9; the best run of trigrams would score 3/25.
            ("acaddaaca", "ababbc babdda babbcbbcbbbcbca"),
        };
        var random = new Random(20261129);
        for (var i = 0; i < 300; i++)
        {
            pairs.Add((RandomText(random), RandomText(random)));
        }

        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var scores = new NpgsqlCommand(
            "SELECT similarity(q, t), word_similarity(q, t) FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS p(q, t, n) ORDER BY n", connection)
        {
            Parameters = { new() { Value = pairs.Select(p => p.Query).ToArray() }, new() { Value = pairs.Select(p => p.Text).ToArray() } },
        };
        await using var reader = await scores.ExecuteReaderAsync();
        var differences = new List<string>();
        foreach (var (query, text) in pairs)
        {
            Assert.True(await reader.ReadAsync());
            var (similarity, wordSimilarity) = (reader.GetFloat(0), reader.GetFloat(1));
            var (mySimilarity, myWordSimilarity) = (TrigramSimilarity.Similarity(query, text), TrigramSimilarity.WordSimilarity(query, text));
            if (similarity != mySimilarity || wordSimilarity != myWordSimilarity)
            {
                differences.Add($"'{query}' / '{text}': pg {similarity} {wordSimilarity}, memory {mySimilarity} {myWordSimilarity}");
            }
        }

        Assert.Empty(differences);
    }

    private static string RandomText(Random random)
    {
        const string alphabet = "abc ab";
        return new string(Enumerable.Range(0, random.Next(0, 16)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
    }

    private static Task SavedIn(ICustomerStore store, CustomerDocument customer) => store.SaveAsync([new CustomerChange(customer, 0)], default);
}

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
    public async Task MigrateAsync_FreshDatabase_CreatesTheCustomerTablesWithTheTrigramAndPhoneIndexes()
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
        await using var phones = new NpgsqlCommand("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_customer_search_phone_reversed'", connection);
        Assert.Contains("btree (reverse(text) text_pattern_ops) WHERE (field = 'Phone'::text)", (string?)await phones.ExecuteScalarAsync());
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
    public async Task SearchAsync_HundredThousandEntries_ReadsTheTrigramIndexAndThePhoneRange()
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
            INSERT INTO customer_search (customer_id, survivor_id, field, text)
            SELECT 'C-' || i, 'C-' || i, 'Phone', '49151' || (10000000 + i)::text FROM generate_series(1, 100000) AS i;
            ANALYZE customers; ANALYZE customer_search;
            """, connection) { CommandTimeout = 120 })
        {
            await fill.ExecuteNonQueryAsync();
        }

        await SavedIn(store, NewCustomer("needle", "Anna", "Schmidt", phone: "0151 99999999"));

        // The plans of the store's own statement: a misspelt name and a phone number typed nationally.
        await using (var thresholds = new NpgsqlCommand(
            "SELECT set_config('pg_trgm.similarity_threshold', '0.3', false), set_config('pg_trgm.word_similarity_threshold', '0.3', false)", connection))
        {
            await thresholds.ExecuteNonQueryAsync();
        }

        var namePlan = await PlanAsync(connection, new[] { "Name", "Email", "PostalCode" }, "anna schmit", "", "");
        var phonePlan = await PlanAsync(connection, Array.Empty<string>(), "0151 99999999", "4915199999999", "015199999999");
        var clock = Stopwatch.StartNew();
        var byName = await store.SearchAsync(new CustomerTextQuery("Anna Schmit", CustomerSearchField.Any, 20, 0, 0.3), default);
        var byPhone = await store.SearchAsync(new CustomerTextQuery("0151 99999999", CustomerSearchField.Phone, 20, 0, 0.3), default);
        output.WriteLine($"Two searches over 200000 entries took {clock.Elapsed}");

        Assert.Contains(namePlan, line => line.Contains("Bitmap Index Scan on ix_customer_search_text_trgm", StringComparison.Ordinal));
        Assert.Contains(phonePlan, line => line.Contains("ix_customer_search_phone_reversed", StringComparison.Ordinal));
        Assert.All(namePlan.Concat(phonePlan), line => Assert.DoesNotContain("Seq Scan on customer_search", line, StringComparison.Ordinal));

        // A phone number is looked up by its digits alone, a name by trigrams alone: the other branch reads nothing.
        Assert.DoesNotContain(phonePlan, line => line.Contains("ix_customer_search_text_trgm", StringComparison.Ordinal));
        Assert.DoesNotContain(namePlan, line => line.Contains("ix_customer_search_phone_reversed", StringComparison.Ordinal));
        Assert.Equal(Id("needle"), Assert.Single(byName).SurvivorId);
        Assert.Equal((Id("needle"), CustomerSearchField.Phone, 1.0), (Assert.Single(byPhone).SurvivorId, byPhone[0].Field, byPhone[0].Score));
    }

    private async Task<List<string>> PlanAsync(NpgsqlConnection connection, string[] textFields, string folded, string phone, string phoneDigits)
    {
        await using var explain = new NpgsqlCommand("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + PostgresCustomerStore.SearchSql, connection)
        {
            Parameters =
            {
                new() { Value = textFields }, new() { Value = folded }, new() { Value = phone }, new() { Value = 0.3 },
                new() { Value = 20 }, new() { Value = 0 }, new() { Value = phoneDigits },
            },
        };
        var plan = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(0));
        }

        output.WriteLine(string.Join('\n', plan));
        return plan;
    }

    [Fact]
    public async Task SearchAsync_SameCustomersInBothStores_SameHitsInTheSameOrderWithTheSameScores()
    {
        // Look-alike names (so the nearest-entries cut and its ties decide), merged customers (several entries per
        // survivor), phones sharing their last digits; queries of every kind, some with pages small enough that only
        // a handful of entries per measure are read.
        var database = await postgres.Server.CreateDatabaseAsync();
        await OrdersDatabase.MigrateAsync(database, default);
        await using var inPostgres = PostgresCustomerStore.Create(new PostgresOrderStoreOptions { ConnectionString = database });
        var inMemory = new InMemoryCustomerStore();
        string[] given = ["Anna", "Ana", "Jana", "Jan", "Birgit", "Bernd", "Jürgen", "Jörg", "Sören", "Marie"];
        string[] family = ["Schmidt", "Schmitt", "Schmid", "Müller", "Mueller", "Becker", "Bäcker", "Weiß", "Weiss", "von Bülow"];
        var random = new Random(20261129);
        var customers = new List<CustomerDocument>();
        for (var i = 0; i < 240; i++)
        {
            var (first, last) = (given[random.Next(given.Length)], family[random.Next(family.Length)]);
            customers.Add(NewCustomer(
                $"p{i:000}", first, last, email: $"{first}.{last.Replace(' ', '-')}{i % 40}@example.com",
                phone: $"+49 15{random.Next(1, 8)} {random.Next(100, 110)}{random.Next(1000, 1030)}", postalCode: $"101{random.Next(10, 40)}"));
        }

        for (var i = 0; i < 20; i++)
        {
            customers[i].Status = CustomerStatus.Merged;
            customers[i].MergedInto = customers[i + 20].CustomerId;
            customers[i + 20].MergedFrom.Add(customers[i].CustomerId);
        }

        foreach (var store in new ICustomerStore[] { inPostgres, inMemory })
        {
            await store.SaveAsync([.. customers.Select(c => new CustomerChange(c, 0))], default);
        }

        var queries = new List<CustomerTextQuery>();
        foreach (var (text, field) in new[]
                 {
                     ("Ana Schmit", CustomerSearchField.Any), ("Anna Schmidt", CustomerSearchField.Name), ("Bernd Bekcer", CustomerSearchField.Any),
                     ("mueller", CustomerSearchField.Any), ("Jörg Weiss", CustomerSearchField.Name), ("von buelow", CustomerSearchField.Any),
                     ("anna.schmidt", CustomerSearchField.Email), ("birgit.becker1", CustomerSearchField.Any), ("1012", CustomerSearchField.PostalCode),
                     ("10125", CustomerSearchField.Any), ("1021", CustomerSearchField.Phone), ("0151 1041020", CustomerSearchField.Any),
                     ("1041020", CustomerSearchField.Phone), ("+49 152", CustomerSearchField.Any), ("sch", CustomerSearchField.Name),
                 })
        {
            queries.Add(new CustomerTextQuery(text, field, 50, 0, 0.3));
            queries.Add(new CustomerTextQuery(text, field, 1, 0, 0.3));
            queries.Add(new CustomerTextQuery(text, field, 3, 2, 0.3));
            queries.Add(new CustomerTextQuery(text, field, 10, 0, 0.6));
        }

        var differences = new List<string>();
        foreach (var query in queries)
        {
            var expected = await inPostgres.SearchAsync(query, default);
            var actual = await inMemory.SearchAsync(query, default);
            if (!expected.SequenceEqual(actual))
            {
                differences.Add($"{query}: PostgreSQL [{string.Join(", ", expected)}], memory [{string.Join(", ", actual)}]");
            }
        }

        Assert.Empty(differences);
        Assert.Contains(await inPostgres.SearchAsync(queries[0], default), hit => hit.Score < 1.0);
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

using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using Sourcing.V1;

namespace Sourcing.Benchmarks.Orders;

/// <summary>
/// <c>listorders-latency [orders] [calls]</c>: seeds the order table with [orders] orders (default 1,000,000) of
/// 100,000 customers (10 orders each, spread over a year) by binary COPY, each row carrying a real order's document,
/// then times ListOrders for one customer (a page of 20, newest first) through the host, next to the bare indexed
/// SELECT of the same page in the same run.
/// </summary>
internal static class ListOrdersReport
{
    private const int Customers = 100_000;

    public static void Run(string[] args)
    {
        var orders = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
        var calls = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2_000;
        using var fixture = new OrderCaptureFixture();
        var template = fixture.Host.Orders.CreateOrder(fixture.NextOrder());
        using var connection = fixture.OpenConnection();
        Seed(connection, template.OrderId, orders);

        var random = new Random(7);
        var scenarios = new (string Name, Func<Task<int>> Call)[]
        {
            ("ListOrders of one customer (page of 20) through the host", async () =>
            {
                var page = await fixture.Host.Orders.ListOrdersAsync(new ListOrdersRequest { CustomerId = "seed-" + random.Next(Customers), PageSize = 20 });
                return page.Orders.Count;
            }),
            ("Bare indexed SELECT of the same page", async () =>
            {
                await using var command = new NpgsqlCommand(
                    "SELECT order_id, channel, external_order_number, customer_id, status, created_at, total_minor, currency, version " +
                    "FROM orders WHERE customer_id = $1 ORDER BY created_at DESC, order_id DESC LIMIT 21", connection);
                command.Parameters.AddWithValue("seed-" + random.Next(Customers));
                var rows = 0;
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    rows++;
                }

                return rows;
            }),
        };

        Console.WriteLine($"{orders:N0} orders of {Customers:N0} customers; {calls} sequential calls each for random customers, after 200 warm-up calls");
        Console.WriteLine("| call | rows | p50 ms | p90 ms | p99 ms | max ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, call) in scenarios)
        {
            var rows = 0;
            var times = LatencyTable.Time(async () => rows = await call(), calls);
            Console.WriteLine($"| {name} | {rows} | {LatencyTable.Percentiles(times)} |");
        }
    }

    /// <summary>Copies the template order's row [count] times under new ids, customers and creation times, with a progress line.</summary>
    private static void Seed(NpgsqlConnection connection, string templateId, int count)
    {
        string document;
        using (var read = new NpgsqlCommand("SELECT document::text FROM orders WHERE order_id = $1", connection))
        {
            read.Parameters.AddWithValue(templateId);
            document = (string)read.ExecuteScalar()!;
        }

        var clock = Stopwatch.StartNew();
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using (var import = connection.BeginBinaryImport(
            "COPY orders (order_id, channel, external_order_number, customer_id, status, total_minor, currency, created_at, updated_at, version, unfinished, backordered_skus, document) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < count; i++)
            {
                var id = $"O-seed-{i:D8}";
                var created = start.AddSeconds(i * 31.0);
                import.StartRow();
                import.Write(id, NpgsqlDbType.Varchar);
                import.Write("web", NpgsqlDbType.Varchar);
                import.Write("SEED-" + i, NpgsqlDbType.Varchar);
                import.Write("seed-" + (i % Customers), NpgsqlDbType.Varchar);
                import.Write("InFulfilment", NpgsqlDbType.Varchar);
                import.Write(17_500L, NpgsqlDbType.Bigint);
                import.Write("EUR", NpgsqlDbType.Varchar);
                import.Write(created, NpgsqlDbType.TimestampTz);
                import.Write(created, NpgsqlDbType.TimestampTz);
                import.Write(1L, NpgsqlDbType.Bigint);
                import.Write(false, NpgsqlDbType.Boolean);
                import.Write(Array.Empty<string>(), NpgsqlDbType.Array | NpgsqlDbType.Text);
                import.Write(document.Replace(templateId, id, StringComparison.Ordinal), NpgsqlDbType.Jsonb);
                if ((i + 1) % 100_000 == 0)
                {
                    Console.Error.WriteLine($"seeded {i + 1:N0} / {count:N0} orders in {clock.Elapsed.TotalSeconds:0} s");
                }
            }

            import.Complete();
        }

        using var analyze = new NpgsqlCommand("ANALYZE orders", connection) { CommandTimeout = 600 };
        analyze.ExecuteNonQuery();
        Console.Error.WriteLine($"seeding took {clock.Elapsed.TotalSeconds:0} s");
    }
}

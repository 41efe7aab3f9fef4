using System.Diagnostics;
using System.Globalization;
using Sourcing.Orders.Customers;
using Sourcing.Orders.Storage.Postgres;

namespace Sourcing.Benchmarks.Customers;

/// <summary>
/// <c>customer-seed [customers] [orders]</c> (defaults 1,000,000 and 5,000,000): fills the kept PostgreSQL of the
/// customer reports (<see cref="CustomerBenchDatabase"/>) with customers, their orders, and invoices for about one
/// order in five, as the stores would have written them, by binary COPY; then ANALYZE, a check that the real stores
/// read them back and the overview of a seeded customer builds, and the database's size.
/// </summary>
/// <remarks>
/// Customers are registered by the real <see cref="CustomerDirectory"/> (on an in-memory store, one customer at a
/// time) from their first order with their web account as identity, some get a loyalty card (at a store) or their
/// phone (by an agent) added and a few are made VIP by an agent; the documents it saved are what is copied, with
/// <see cref="CustomerSearchEntry.Of"/> and the identities for the index tables. Orders are copies of templates made
/// through the domain (<see cref="OrderTemplateBuilder"/>): in fulfilment, shipped, delivered, delivered and
/// invoiced, returned and refunded by credit note, cancelled — the newest orders of a customer still open, older ones
/// done. 1 to 15 orders per customer.
/// </remarks>
internal static class CustomerSeedReport
{
    public static void Run(string[] args)
    {
        var customerCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var orderCount = args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 5_000_000;
        if (orderCount < customerCount || orderCount > 15L * customerCount)
        {
            throw new ArgumentException($"Each customer has 1 to 15 orders: {orderCount:N0} orders cannot go to {customerCount:N0} customers.");
        }

        var total = Stopwatch.StartNew();
        CustomerBenchDatabase.EnsureRunning();
        CustomerBenchDatabase.Recreate();
        OrdersDatabase.MigrateAsync(CustomerBenchDatabase.ConnectionString(), CancellationToken.None).GetAwaiter().GetResult();
        Console.Error.WriteLine($"database '{CustomerBenchDatabase.Database}' created and migrated (PostgreSQL {CustomerBenchDatabase.ServerVersion()})");

        var templateClock = Stopwatch.StartNew();
        var templates = OrderTemplateBuilder.BuildAll();
        Console.Error.WriteLine($"{templates.Count} order templates made through the domain in {templateClock.Elapsed.TotalSeconds:0.0} s: " +
            string.Join(", ", templates.GroupBy(t => t.Shape).Select(g => $"{g.Key} x{g.Count()}")));

        var now = DateTimeOffset.UtcNow;
        var counts = OrdersPerCustomer(customerCount, orderCount);
        var writer = new SeedWriter(templates, now, sampleCustomer: customerCount / 2);
        var loadClock = Stopwatch.StartNew();
        using (var load = new BulkLoad(SeedWriter.Columns))
        {
            writer.Attach(load);
            var progress = new ProgressLine("customers + orders", orderCount, "orders");
            for (var i = 0; i < customerCount; i++)
            {
                writer.Customer(i, counts[i]);
                progress.Report(writer.Orders);
            }

            progress.Finish(writer.Orders);
            Console.Error.Write("committing the COPYs ...");
            load.Complete();
            Console.Error.WriteLine($" done; rows written in {loadClock.Elapsed.TotalSeconds:0} s");

            writer.WriteCounters();
            load.Restore(new ProgressLine("indexes + constraints", load.DroppedCount, "made again"));
            loadClock.Stop();
        }

        var analyze = Stopwatch.StartNew();
        using (var connection = CustomerBenchDatabase.Open())
        {
            Console.Error.Write("ANALYZE ...");
            CustomerBenchDatabase.Execute(connection, "ANALYZE");
            analyze.Stop();
            Console.Error.WriteLine($" {analyze.Elapsed.TotalSeconds:0} s");
        }

        var seeded = total.Elapsed;
        SeedCheck.Run(writer.Sample ?? throw new InvalidOperationException("No sample customer was kept."), templates);

        using (var connection = CustomerBenchDatabase.Open())
        {
            var size = CustomerBenchDatabase.Scalar<long>(connection, $"SELECT pg_database_size('{CustomerBenchDatabase.Database}')");
            Console.WriteLine($"Seeded {customerCount:N0} customers ({writer.Identities:N0} identities, {writer.SearchEntries:N0} search entries), " +
                $"{writer.Orders:N0} orders ({writer.OrderEvents:N0} order events, {writer.Returns:N0} returns), {writer.Documents:N0} billing documents " +
                $"({writer.Invoices:N0} invoices) of {writer.Accounts:N0} accounts in {seeded.TotalSeconds:0} s (rows {loadClock.Elapsed.TotalSeconds:0} s incl. indexes; ANALYZE {analyze.Elapsed.TotalSeconds:0} s)");
            Console.WriteLine($"CPU time of this process (generating and sending the rows; PostgreSQL is other processes): {Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds:0} s; load average at the end {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
            Console.WriteLine($"Database size: {size / (1024.0 * 1024 * 1024):0.00} GiB ({size:N0} bytes)");
            foreach (var (table, bytes) in TableSizes(connection))
            {
                Console.WriteLine($"  {table}: {bytes / (1024.0 * 1024):N0} MiB");
            }
        }

        Console.WriteLine($"Kept in {CustomerBenchDatabase.Root} (running on port {CustomerBenchDatabase.Port}) for customer-latency.");
    }

    /// <summary>1 to 15 orders per customer, most have few (mean orders / customers), summing to exactly <paramref name="orders"/>.</summary>
    private static int[] OrdersPerCustomer(int customers, long orders)
    {
        var random = new Random(11);
        var mean = (double)orders / customers;
        var counts = new int[customers];
        long sum = 0;
        for (var i = 0; i < customers; i++)
        {
            // Geometric around the mean: many customers order once or twice, a few often.
            var p = 1.0 / mean;
            var n = 1;
            while (n < 15 && random.NextDouble() > p)
            {
                n++;
            }

            counts[i] = n;
            sum += n;
        }

        while (sum != orders)
        {
            var i = random.Next(customers);
            if (sum < orders && counts[i] < 15)
            {
                counts[i]++;
                sum++;
            }
            else if (sum > orders && counts[i] > 1)
            {
                counts[i]--;
                sum--;
            }
        }

        return counts;
    }

    private static List<(string Table, long Bytes)> TableSizes(Npgsql.NpgsqlConnection connection)
    {
        using var command = new Npgsql.NpgsqlCommand(
            "SELECT relname, pg_total_relation_size(oid) FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace ORDER BY 2 DESC LIMIT 12", connection);
        using var reader = command.ExecuteReader();
        var sizes = new List<(string, long)>();
        while (reader.Read())
        {
            sizes.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return sizes;
    }
}

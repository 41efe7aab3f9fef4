using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Sourcing.Orders.Billing;
using Sourcing.Orders.Billing.Dunning;
using Sourcing.Orders.Billing.Invoicing;

namespace Sourcing.Benchmarks.Billing;

/// <summary>
/// <c>dunning-run [customers]</c>: seeds [customers] (default 250,000) accounts of 4 open, overdue purchase-on-invoice
/// items each into the billing tables by binary COPY — even customers' items 30 days past due at level 1 (last notice
/// 10 days ago: they rise to level 2, which charges a 5.00 fee), odd customers' 10 days past due at level 0 (they rise
/// to level 1, no fee) — then times one <see cref="DunningService.RunAsync"/> over all of them on the real PostgreSQL
/// store, with its memory (allocated bytes, peak working set), and checks the outcome in the tables afterwards.
/// </summary>
internal static class DunningRunReport
{
    private const int ItemsPerCustomer = 4;
    private const long ItemGrossMinor = 11_900;

    public static void Run(string[] args)
    {
        var customers = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 250_000;
        var options = BillingDatabase.Options();
        var today = SellerCalendar.LocalDay(options, TimeProvider.System.GetUtcNow());
        using var database = new BillingDatabase("dunning_bench");
        using (var connection = database.OpenConnection())
        {
            BillingSeed.Accounts(connection, Enumerable.Range(0, customers).Select(c => (CustomerId(c), c % 2 == 0 ? 1 : 0)));
            BillingSeed.Items(connection, Invoices(customers, today), customers * ItemsPerCustomer);
        }

        database.Analyze();
        GC.Collect();
        var service = new DunningService(database.Store, options, TimeProvider.System, BillingDatabase.Log<DunningService>());
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var peakBefore = process.PeakWorkingSet64;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        var progress = new InlineProgress<DunningProgress>(p =>
        {
            if (clock.Elapsed - lastReport >= TimeSpan.FromSeconds(5))
            {
                lastReport = clock.Elapsed;
                process.Refresh();
                Console.Error.WriteLine($"dunning: {p.CustomersChecked:N0} / {customers:N0} customers, {p.ItemsRaised:N0} items raised, {clock.Elapsed.TotalSeconds:0} s, working set {process.WorkingSet64 / 1024 / 1024:N0} MiB");
            }
        });
        var result = service.RunAsync(today, "benchmark", progress, CancellationToken.None).GetAwaiter().GetResult();
        var elapsed = clock.Elapsed;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        process.Refresh();
        var peak = process.PeakWorkingSet64;
        var cpu = process.TotalProcessorTime - cpuBefore;

        var (fees, gapless) = database.CheckSequences(options.DunningFeeSeries, today.Year);
        var levels = LevelCounts(database);
        Console.WriteLine($"{customers:N0} customers × {ItemsPerCustomer} open overdue items = {customers * ItemsPerCustomer:N0} items; one DunningService.RunAsync as of {today:yyyy-MM-dd} (pages of {DunningService.PageSize} customers)");
        Console.WriteLine("| measure | value |");
        Console.WriteLine("|---|---:|");
        Console.WriteLine($"| wall time | {elapsed.TotalSeconds:0.0} s |");
        Console.WriteLine($"| CPU time of this process (the service's side; PostgreSQL is another process) | {cpu.TotalSeconds:0.0} s |");
        Console.WriteLine($"| items raised per second | {result.ItemsRaised / elapsed.TotalSeconds:N0} |");
        Console.WriteLine($"| customers checked / raised | {result.CustomersChecked:N0} / {result.CustomersRaised:N0} |");
        Console.WriteLine($"| items raised | {result.ItemsRaised:N0} |");
        Console.WriteLine($"| fee invoices issued (sum) | {result.FeeInvoices:N0} ({result.FeesMinor / 100:N0} EUR) |");
        Console.WriteLine($"| allocated during the run (GC.GetTotalAllocatedBytes) | {allocated / 1024.0 / 1024.0:N0} MiB ({allocated / Math.Max(1, result.ItemsRaised):N0} B per item) |");
        Console.WriteLine($"| peak working set: after seeding / after the run | {peakBefore / 1024 / 1024:N0} MiB / {peak / 1024 / 1024:N0} MiB |");
        Console.WriteLine($"| MG {today.Year} fee invoice numbers in the table | {fees:N0}, {(gapless ? "gapless 1.." + fees.ToString("N0", CultureInfo.InvariantCulture) : "NOT gapless")} |");
        Console.WriteLine($"| open items by level afterwards (level 1 / level 2) | {levels.Level1:N0} / {levels.Level2:N0} |");
    }

    private static string CustomerId(int index) => $"C-{index:D7}";

    /// <summary>The customers' items in customer order; sequences 1..n in the same order.</summary>
    private static IEnumerable<SeedInvoice> Invoices(int customers, DateOnly today)
    {
        var sequence = 0L;
        for (var c = 0; c < customers; c++)
        {
            var raisedBefore = c % 2 == 0;
            var due = today.AddDays(raisedBefore ? -30 : -10);
            for (var i = 0; i < ItemsPerCustomer; i++)
            {
                yield return new SeedInvoice(++sequence, CustomerId(c), ItemGrossMinor, due.AddDays(-14), due, raisedBefore ? 1 : 0, raisedBefore ? today.AddDays(-10) : null);
            }
        }
    }

    private static (long Level1, long Level2) LevelCounts(BillingDatabase database)
    {
        using var connection = database.OpenConnection();
        using var command = new NpgsqlCommand(
            "SELECT count(*) FILTER (WHERE dunning_level = 1), count(*) FILTER (WHERE dunning_level = 2) FROM open_items WHERE purpose = 'Goods'", connection) { CommandTimeout = 600 };
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}

/// <summary>Reports on the caller's thread, as it happens (Progress&lt;T&gt; posts to the thread pool).</summary>
internal sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}

using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Sourcing.Orders.Billing.BankStatements;
using Sourcing.Orders.Billing.Invoicing;
using Sourcing.Orders.Billing.Receivables;
using Sourcing.Orders.Storage;

namespace Sourcing.Benchmarks.Billing;

/// <summary>
/// <c>camt-import [entries]</c>: writes a camt.053 statement of [entries] (default 100,000) credits with the real
/// <see cref="Camt053Writer"/> to a temporary file — of every 5 entries, 3 pay a seeded open invoice in full naming its
/// number, 1 pays part of one naming its number, 1 names no invoice and no known payer — seeds the invoices (documents
/// and open items, by binary COPY, 4 per customer), imports the file with the real <see cref="BankStatementImport"/> on
/// the PostgreSQL store (time, entries/s, memory, a progress line), checks every item's paid amount against its
/// allocations, then imports the same file again: nothing may be recorded twice.
/// </summary>
internal static class CamtImportReport
{
    private const long InvoiceGrossMinor = 11_900;
    private const long PartialMinor = 5_000;

    public static void Run(string[] args)
    {
        var entries = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var invoiceCount = entries / 5 * 4;
        var options = BillingDatabase.Options();
        var today = SellerCalendar.LocalDay(options, TimeProvider.System.GetUtcNow());
        var issued = today.AddDays(-3);
        var invoices = Enumerable.Range(1, invoiceCount)
            .Select(i => new SeedInvoice(i, $"C-{(i - 1) / 4:D7}", InvoiceGrossMinor, issued, issued.AddDays(options.Terms.NetDays), 0, null));

        using var database = new BillingDatabase("camt_bench");
        using (var connection = database.OpenConnection())
        {
            BillingSeed.Accounts(connection, Enumerable.Range(0, (invoiceCount + 3) / 4).Select(c => ($"C-{c:D7}", 0)));
            BillingSeed.Documents(connection, invoices, options, invoiceCount);
            BillingSeed.Items(connection, invoices, invoiceCount);
        }

        database.Analyze();
        var path = Path.Combine(Path.GetTempPath(), $"camt-bench-{Environment.ProcessId}.xml");
        try
        {
            WriteStatement(path, entries, issued, today);
            Console.Error.WriteLine($"statement written: {new FileInfo(path).Length / 1024 / 1024:N0} MiB");
            var reading = ReadOnly(path);
            GC.Collect();
            var import = new BankStatementImport(database.Store, options, TimeProvider.System, BillingDatabase.Log<BankStatementImport>());
            var process = Process.GetCurrentProcess();
            process.Refresh();
            var peakBefore = process.PeakWorkingSet64;
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var cpuBefore = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var first = ImportOnce(import, path, entries, clock, process);
            var elapsed = clock.Elapsed;
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            process.Refresh();
            var peak = process.PeakWorkingSet64;
            var cpu = process.TotalProcessorTime - cpuBefore;

            var again = Stopwatch.StartNew();
            var second = ImportOnce(import, path, entries, again, process);
            var secondElapsed = again.Elapsed;
            var (payments, itemsOff) = Check(database);

            Console.WriteLine($"camt.053 of {entries:N0} credit entries ({new FileInfo(path).Length / 1024 / 1024:N0} MiB) against {invoiceCount:N0} seeded open invoices of {(invoiceCount + 3) / 4:N0} customers; batches of {BankStatementImport.BatchSize}");
            Console.WriteLine("| measure | value |");
            Console.WriteLine("|---|---:|");
            Console.WriteLine($"| import wall time | {elapsed.TotalSeconds:0.0} s |");
            Console.WriteLine($"| CPU time of this process (the service's side; PostgreSQL is another process) | {cpu.TotalSeconds:0.0} s |");
            Console.WriteLine($"| of it the floor: reading the file as the import does (Camt053Reader.Validate, then ReadCredits twice), timed alone before | {reading.TotalSeconds:0.0} s |");
            Console.WriteLine($"| entries per second | {entries / elapsed.TotalSeconds:N0} |");
            Console.WriteLine($"| matched / partial / overpaid / unmatched / duplicates | {first.Matched:N0} / {first.Partial:N0} / {first.Overpaid:N0} / {first.Unmatched:N0} / {first.Duplicates:N0} |");
            Console.WriteLine($"| allocated during the import (GC.GetTotalAllocatedBytes) | {allocated / 1024.0 / 1024.0:N0} MiB ({allocated / Math.Max(1, entries):N0} B per entry) |");
            Console.WriteLine($"| peak working set: before / after the import | {peakBefore / 1024 / 1024:N0} MiB / {peak / 1024 / 1024:N0} MiB |");
            Console.WriteLine($"| re-import of the same file: wall time | {secondElapsed.TotalSeconds:0.0} s |");
            Console.WriteLine($"| re-import: recorded (matched + partial + overpaid + unmatched) / duplicates | {second.Matched + second.Partial + second.Overpaid + second.Unmatched:N0} / {second.Duplicates:N0} |");
            Console.WriteLine($"| payments in the table afterwards | {payments:N0} |");
            Console.WriteLine($"| open items whose paid amount differs from their allocations | {itemsOff:N0} |");
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The import's passes over the file without the database: the part no store change can speed up.</summary>
    private static TimeSpan ReadOnly(string path)
    {
        var clock = Stopwatch.StartNew();
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81_920);
        Camt053Reader.Validate(file, CancellationToken.None);
        for (var pass = 0; pass < 2; pass++)
        {
            file.Position = 0;
            var credits = Camt053Reader.ReadCredits(file, CancellationToken.None).Count();
            Debug.Assert(credits > 0);
        }

        return clock.Elapsed;
    }

    private static ImportSummary ImportOnce(BankStatementImport import, string path, int entries, Stopwatch clock, Process process)
    {
        var lastReport = TimeSpan.Zero;
        var progress = new InlineProgress<ImportProgress>(p =>
        {
            if (clock.Elapsed - lastReport >= TimeSpan.FromSeconds(5))
            {
                lastReport = clock.Elapsed;
                process.Refresh();
                Console.Error.WriteLine($"import: {p.SoFar.Entries:N0} / {entries:N0} entries ({p.Batches} batches), {clock.Elapsed.TotalSeconds:0} s, working set {process.WorkingSet64 / 1024 / 1024:N0} MiB");
            }
        });
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81_920);
        return import.ImportAsync(file, progress, "benchmark", CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>Entry i: i % 5 of 0-2 pays invoice k in full, 3 pays part of it, 4 names nothing (k counts the invoice-paying entries).</summary>
    private static void WriteStatement(string path, int entries, DateOnly issued, DateOnly booked)
    {
        using var output = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 81_920);
        using var writer = new Camt053Writer(output, "STMT-BENCH-1", "DE89370400440532013000");
        var invoice = 0L;
        for (var i = 0; i < entries; i++)
        {
            var kind = i % 5;
            var reference = $"REF-{i:D8}";
            var entry = kind switch
            {
                4 => new BankStatementEntry("", reference, 4_200, "EUR", booked, $"Unbekannt {i}", $"Kundennummer fehlt {i}", "NOTPROVIDED"),
                _ => new BankStatementEntry("", reference, kind == 3 ? PartialMinor : InvoiceGrossMinor, "EUR", booked, "Erika Mustermann",
                    $"Rechnung {BillingJson.FormatNumber("RE", issued.Year, ++invoice)} vielen Dank", "E2E-" + i),
            };
            writer.WriteCredit(entry);
        }
    }

    /// <summary>Payments recorded, and open items whose paid amount is not the sum of their allocations (must be 0).</summary>
    private static (long Payments, long ItemsOff) Check(BillingDatabase database)
    {
        using var connection = database.OpenConnection();
        using var command = new NpgsqlCommand(
            """
            SELECT (SELECT count(*) FROM payments),
                   (SELECT count(*) FROM open_items o
                    LEFT JOIN (SELECT invoice_id, sum(amount_minor) AS paid FROM allocations GROUP BY invoice_id) a ON a.invoice_id = o.invoice_id
                    WHERE o.paid_minor <> coalesce(a.paid, 0))
            """, connection) { CommandTimeout = 600 };
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}

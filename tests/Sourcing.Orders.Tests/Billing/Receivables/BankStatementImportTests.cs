using Microsoft.Extensions.Logging.Abstractions;
using Sourcing.Orders.Billing;
using Sourcing.Orders.Tests.Storage.Billing;
using Sourcing.Orders.Billing.BankStatements;
using Sourcing.Orders.Billing.Receivables;

namespace Sourcing.Orders.Tests.Billing.Receivables;

public abstract class BankStatementImportTests : ReceivablesTestBase
{
    private BankStatementImport Import => new(World.Store, World.Options, World.Clock, NullLogger<BankStatementImport>.Instance);

    private Task<ImportSummary> ImportAsync(Stream file, IProgress<ImportProgress>? progress = null) =>
        Import.ImportAsync(file, progress, "import", CancellationToken.None);

    [Fact]
    public async Task Import_MixedEntries_RecordsEachAndCountsItsOutcome()
    {
        var paid = await World.InvoiceAsync("C-1", 1_000);
        var part = await World.InvoiceAsync("C-2", 3_000);
        var over = await World.InvoiceAsync("C-3", 500);
        var file = Statements.File("ST1",
        [
            ("A1", 1_000, $"Rechnung {paid.Number.Replace("-", "")}"),
            ("A2", 1_000, $"{part.Number} Teilzahlung"),
            ("A3", 800, over.Number.Replace("-", " ")),
            ("A4", 4_200, "Spende"),
        ]);

        var summary = await ImportAsync(file);

        Assert.Equal(new ImportSummary(4, 1, 1, 1, 1, 0, 7_000), summary);
        Assert.Equal(0, (await World.ItemAsync("C-1", paid.Id)).OpenMinor);
        Assert.Equal(2_000, (await World.ItemAsync("C-2", part.Id)).OpenMinor);
        Assert.Equal(300, (await World.LedgerAsync("C-3")).UnallocatedMinor);
        var unassigned = Assert.Single(await World.Receivables.ListUnassignedPaymentsAsync(null, 10, CancellationToken.None));
        Assert.Equal(("ST1/A4", PaymentSource.BankStatement, "Spende"), (unassigned.ExternalReference, unassigned.Source, unassigned.RemittanceInfo));
        Assert.Contains("Ntry[4]", Assert.Single(await World.EventsAsync(BillingEventTypes.PaymentUnmatched)).Detail);
    }

    [Fact]
    public async Task Import_SameFileTwice_RecordsNothingTheSecondTime()
    {
        var invoice = await World.InvoiceAsync("C-1", 1_000);
        (string, long, string)[] credits = [("B1", 600, invoice.Number), ("B2", 50, "?")];
        var first = await ImportAsync(Statements.File("ST2", credits));
        var position = await World.Store.LatestPositionAsync(CancellationToken.None);

        var second = await ImportAsync(Statements.File("ST2", credits));

        Assert.Equal((1, 1), (first.Partial, first.Unmatched));
        Assert.Equal(new ImportSummary(2, 0, 0, 0, 0, 2, 650), second);
        Assert.Equal(position, await World.Store.LatestPositionAsync(CancellationToken.None));
        Assert.Equal(400, (await World.ItemAsync("C-1", invoice.Id)).OpenMinor);
    }

    [Fact]
    public async Task Import_MalformedEntryLateInTheFile_NothingRecordedAndTheEntryNamed()
    {
        var invoice = await World.InvoiceAsync("C-1", 100_000);
        var file = Statements.File("ST3", Enumerable.Range(1, 700).Select(i => ($"C{i}", i == 650 ? 777L : 1L, invoice.Number)));

        var refused = await Assert.ThrowsAsync<BankStatementFormatException>(() => ImportAsync(Statements.Replace(file, ">7.77<", ">7,77<")));

        Assert.StartsWith("Stmt[1]/Ntry[650]", refused.Location);
        Assert.Equal(1, await World.Store.LatestPositionAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Import_CurrencyNoPaymentMayHave_NothingRecordedAndTheEntryNamed()
    {
        var file = Statements.File("ST4", [("D1", 100, "?"), ("D2", 100, "?")], currency: "XXY");

        var refused = await Assert.ThrowsAsync<BankStatementFormatException>(() => ImportAsync(file));

        Assert.Equal("Stmt[1]/Ntry[1]", refused.Location);
        Assert.Equal(0, await World.Store.LatestPositionAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Import_ManyEntries_RecordsBatchByBatchWhileStillReading()
    {
        var invoice = await World.InvoiceAsync("C-1", 100_000);
        var file = Statements.File("ST5", Enumerable.Range(1, 1_200).Select(i => ($"E{i}", 10L, $"RE {invoice.Year} {invoice.Sequence}")));
        var positions = new List<(int Entries, long Read, long Paid)>();

        var summary = await ImportAsync(file, new SyncProgress<ImportProgress>(p =>
            positions.Add((p.SoFar.Entries, file.Position, World.LedgerAsync("C-1").GetAwaiter().GetResult().PaymentsMinor))));

        Assert.Equal((1_200, 1_200), (summary.Entries, summary.Partial));
        Assert.Equal([500, 1_000, 1_200], positions.Select(p => p.Entries));
        Assert.Equal([5_000L, 10_000L, 12_000L], positions.Select(p => p.Paid));
        // The first batch is saved while most of the file is still unread: entries are streamed, not collected.
        Assert.True(positions[0].Read < file.Length / 2, $"{positions[0].Read} of {file.Length} bytes read before the first batch");
        Assert.Equal(88_000, (await World.ItemAsync("C-1", invoice.Id)).OpenMinor);
    }

    [Fact]
    public async Task Import_ForwardOnlyStream_ImportsFromASpooledCopy()
    {
        var invoice = await World.InvoiceAsync("C-1", 1_000);

        var summary = await ImportAsync(new ForwardOnlyStream(Statements.File("ST6", [("F1", 1_000, invoice.Number)])));

        Assert.Equal(1, summary.Matched);
    }

    [Fact]
    public async Task Import_SameFileConcurrently_EachEntryRecordedOnce()
    {
        var invoices = new List<BillingDocument>();
        for (var i = 0; i < 5; i++)
        {
            invoices.Add(await World.InvoiceAsync($"C-{i}", 1_000));
        }

        var credits = Enumerable.Range(0, 600).Select(i => ($"G{i}", 10L, i % 7 == 0 ? "?" : invoices[i % 5].Number)).ToList();
        var bytes = Statements.File("ST7", credits).ToArray();

        var summaries = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => ImportAsync(new MemoryStream(bytes)))));

        Assert.All(summaries, s => Assert.Equal(600, s.Entries));
        Assert.Equal(600, summaries.Sum(s => s.Matched + s.Partial + s.Overpaid + s.Unmatched));
        Assert.Equal(3 * 600, summaries.Sum(s => s.Duplicates));
        var paid = 0L;
        for (var i = 0; i < 5; i++)
        {
            paid += (await World.LedgerAsync($"C-{i}")).PaymentsMinor;
        }

        Assert.Equal(credits.Count(c => c.Item3 != "?") * 10, paid);
        Assert.Equal(credits.Count(c => c.Item3 == "?"), (await World.Receivables.ListUnassignedPaymentsAsync(null, 500, CancellationToken.None)).Count);
    }
}

public sealed class InMemoryBankStatementImportTests : BankStatementImportTests
{
    protected override Task<IBillingStore> CreateStoreAsync() => ReceivablesStores.InMemory();
}

public sealed class PostgresBankStatementImportTests(PostgresBillingStoreFixture postgres) : BankStatementImportTests, IClassFixture<PostgresBillingStoreFixture>
{
    protected override Task<IBillingStore> CreateStoreAsync() => ReceivablesStores.FreshPostgres(postgres);
}

using Microsoft.Extensions.Logging.Abstractions;
using Sourcing.Orders.Billing;
using Sourcing.Orders.Billing.Receivables;

namespace Sourcing.Orders.Tests.Billing.Receivables;

public sealed class BankStatementImportTests
{
    private readonly ReceivablesWorld _world = new();
    private readonly LineStatementReader _reader = new();

    private BankStatementImport Import => new(_world.Store, _reader, _world.Options, _world.Clock, NullLogger<BankStatementImport>.Instance);

    [Fact]
    public async Task Import_MixedEntries_RecordsEachAndCountsItsOutcome()
    {
        var paid = await _world.InvoiceAsync("C-1", 1_000);
        var part = await _world.InvoiceAsync("C-2", 3_000);
        var over = await _world.InvoiceAsync("C-3", 500);
        var file = LineStatementReader.File(
        [
            LineStatementReader.Line("st1/1", 1_000, $"Rechnung {paid.Number.Replace("-", "")}"),
            LineStatementReader.Line("st1/2", 1_000, $"{part.Number} Teilzahlung"),
            LineStatementReader.Line("st1/3", 800, over.Number.Replace("-", " ")),
            LineStatementReader.Line("st1/4", 4_200, "Spende"),
        ]);

        var summary = await Import.ImportAsync(file, null, "import", CancellationToken.None);

        Assert.Equal(new ImportSummary(4, 1, 1, 1, 1, 0, 7_000), summary);
        Assert.Equal(0, (await _world.ItemAsync("C-1", paid.Id)).OpenMinor);
        Assert.Equal(2_000, (await _world.ItemAsync("C-2", part.Id)).OpenMinor);
        Assert.Equal(300, (await _world.LedgerAsync("C-3")).UnallocatedMinor);
        var unassigned = Assert.Single(await _world.Receivables.ListUnassignedPaymentsAsync(null, 10, CancellationToken.None));
        Assert.Equal(("st1/4", PaymentSource.BankStatement), (unassigned.ExternalReference, unassigned.Source));
        Assert.Contains("Ntry[4]", Assert.Single(await _world.EventsAsync(BillingEventTypes.PaymentUnmatched)).Detail);
    }

    [Fact]
    public async Task Import_SameFileTwice_RecordsNothingTheSecondTime()
    {
        var invoice = await _world.InvoiceAsync("C-1", 1_000);
        string[] lines = [LineStatementReader.Line("st2/1", 600, invoice.Number), LineStatementReader.Line("st2/2", 50, "?"), LineStatementReader.Line("st2/2", 50, "?")];
        var first = await Import.ImportAsync(LineStatementReader.File(lines), null, "import", CancellationToken.None);
        var position = await _world.Store.LatestPositionAsync(CancellationToken.None);

        var second = await Import.ImportAsync(LineStatementReader.File(lines), null, "import", CancellationToken.None);

        Assert.Equal((1, 1, 1), (first.Partial, first.Unmatched, first.Duplicates));
        Assert.Equal(new ImportSummary(3, 0, 0, 0, 0, 3, 700), second);
        Assert.Equal(position, await _world.Store.LatestPositionAsync(CancellationToken.None));
        Assert.Equal(400, (await _world.ItemAsync("C-1", invoice.Id)).OpenMinor);
    }

    [Fact]
    public async Task Import_MalformedEntryLateInTheFile_NothingRecordedAndTheEntryNamed()
    {
        var invoice = await _world.InvoiceAsync("C-1", 1_000);
        var lines = Enumerable.Range(1, 700).Select(i => LineStatementReader.Line($"st3/{i}", 1, invoice.Number)).Append("st3/x;12,50;EUR;2026-03-10;A;B");

        var refused = await Assert.ThrowsAsync<FormatException>(() => Import.ImportAsync(LineStatementReader.File(lines), null, "import", CancellationToken.None));

        Assert.Contains("Ntry[701]", refused.Message);
        Assert.Equal(1, await _world.Store.LatestPositionAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData(0, "EUR")]
    [InlineData(1_000_000_000_000_001, "EUR")]
    [InlineData(100, "EURO")]
    public async Task Import_EntryNoPaymentMayHave_NothingRecordedAndTheEntryNamed(long amount, string currency)
    {
        string[] lines = [LineStatementReader.Line("st4/1", 100, "?"), LineStatementReader.Line("st4/2", amount, "?", currency)];

        var refused = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Import.ImportAsync(LineStatementReader.File(lines), null, "import", CancellationToken.None));

        Assert.Contains("Ntry[2]", refused.Message);
        Assert.Equal(0, await _world.Store.LatestPositionAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Import_ManyEntries_RecordsBatchByBatchWhileStillReading()
    {
        var invoice = await _world.InvoiceAsync("C-1", 100_000);
        var seenAtSecondBatch = -1;
        _reader.BeforeEntry = index =>
        {
            if (index == BankStatementImport.BatchSize)
            {
                // Each entry pays 10: the payments recorded so far, read while the reader is still handing out entries.
                seenAtSecondBatch = (int)(_world.LedgerAsync("C-1").GetAwaiter().GetResult().PaymentsMinor / 10);
            }
        };
        var reports = new List<ImportProgress>();
        var lines = Enumerable.Range(1, 1_200).Select(i => LineStatementReader.Line($"st5/{i}", 10, $"RE {invoice.Year} {invoice.Sequence}"));

        var summary = await Import.ImportAsync(LineStatementReader.File(lines), new SyncProgress<ImportProgress>(reports.Add), "import", CancellationToken.None);

        Assert.Equal((1_200, 1_200), (summary.Entries, summary.Partial));
        Assert.Equal(BankStatementImport.BatchSize, seenAtSecondBatch);
        Assert.Equal([500, 1_000, 1_200], reports.Select(r => r.SoFar.Entries));
        Assert.Equal(88_000, (await _world.ItemAsync("C-1", invoice.Id)).OpenMinor);
    }

    [Fact]
    public async Task Import_ForwardOnlyStream_ImportsFromASpooledCopy()
    {
        var invoice = await _world.InvoiceAsync("C-1", 1_000);
        var file = new ForwardOnlyStream(LineStatementReader.File([LineStatementReader.Line("st6/1", 1_000, invoice.Number)]));

        var summary = await Import.ImportAsync(file, null, "import", CancellationToken.None);

        Assert.Equal(1, summary.Matched);
    }

    [Fact]
    public async Task Import_SameFileConcurrently_EachEntryRecordedOnce()
    {
        var invoices = new List<BillingDocument>();
        for (var i = 0; i < 5; i++)
        {
            invoices.Add(await _world.InvoiceAsync($"C-{i}", 1_000));
        }

        var lines = Enumerable.Range(0, 600).Select(i => LineStatementReader.Line($"st7/{i}", 10, i % 7 == 0 ? "?" : invoices[i % 5].Number)).ToList();

        var summaries = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Import.ImportAsync(LineStatementReader.File(lines), null, "import", CancellationToken.None))));

        Assert.All(summaries, s => Assert.Equal(600, s.Entries));
        Assert.Equal(600, summaries.Sum(s => s.Matched + s.Partial + s.Overpaid + s.Unmatched));
        Assert.Equal(3 * 600, summaries.Sum(s => s.Duplicates));
        var paid = 0L;
        for (var i = 0; i < 5; i++)
        {
            paid += (await _world.LedgerAsync($"C-{i}")).PaymentsMinor;
        }

        Assert.Equal(lines.Count(l => !l.EndsWith(";?", StringComparison.Ordinal)) * 10, paid);
        Assert.Equal(lines.Count(l => l.EndsWith(";?", StringComparison.Ordinal)), (await _world.Receivables.ListUnassignedPaymentsAsync(null, 500, CancellationToken.None)).Count);
    }
}

/// <summary>Reports on the caller's thread (Progress&lt;T&gt; posts to the thread pool, too late for an assertion).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}

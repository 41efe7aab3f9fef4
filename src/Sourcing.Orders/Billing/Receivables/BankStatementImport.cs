using Microsoft.Extensions.Logging;
using Sourcing.Orders.Billing.BankStatements;
using Sourcing.Orders.Billing.Invoicing;

namespace Sourcing.Orders.Billing.Receivables;

/// <summary>
/// Imports the credits of a bank statement as payments. The whole file is checked first (a malformed file changes
/// nothing and the error names the entry); then the credits are read again in batches: one invoice-number lookup, one
/// duplicate check and one account change per batch, so a file of any size runs in bounded memory. Entries recorded
/// already (by reference) are skipped: importing a file twice records nothing the second time.
/// </summary>
public sealed class BankStatementImport(IBillingStore store, BillingOptions options, TimeProvider clock, ILogger<BankStatementImport> logger)
{
    public const int BatchSize = 500;

    /// <summary>How often a batch is tried again when a concurrent import recorded one of its entries first.</summary>
    private const int DuplicateRetries = 3;

    private readonly InvoiceNumberParser _parser = InvoiceNumberParser.For(options);

    public async Task<ImportSummary> ImportAsync(Stream file, IProgress<ImportProgress>? progress, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.CanSeek)
        {
            return await ImportSeekableAsync(file, progress, actor, cancellationToken);
        }

        // Two passes need a stream that can start over: a non-seekable upload is spooled to a temporary file first.
        var path = Path.GetTempFileName();
        await using var spool = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81_920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await file.CopyToAsync(spool, cancellationToken);
        spool.Position = 0;
        return await ImportSeekableAsync(spool, progress, actor, cancellationToken);
    }

    private async Task<ImportSummary> ImportSeekableAsync(Stream file, IProgress<ImportProgress>? progress, string actor, CancellationToken cancellationToken)
    {
        var start = file.Position;
        Camt053Reader.Validate(file, cancellationToken);
        file.Position = start;
        CheckAmounts(Camt053Reader.ReadCredits(file, cancellationToken));

        file.Position = start;
        var summary = ImportSummary.Empty;
        var batch = new List<BankStatementEntry>(BatchSize);
        var batches = 0;
        foreach (var entry in Camt053Reader.ReadCredits(file, cancellationToken))
        {
            batch.Add(entry);
            if (batch.Count == BatchSize)
            {
                summary = await ImportBatchAsync(batch, summary, actor, cancellationToken);
                progress?.Report(new ImportProgress(++batches, summary));
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            summary = await ImportBatchAsync(batch, summary, actor, cancellationToken);
            progress?.Report(new ImportProgress(++batches, summary));
        }

        logger.LogInformation("Bank statement imported by {Actor}: {Summary}", actor, summary);
        return summary;
    }

    /// <summary>
    /// Credits the format allows but no payment may have (a currency ISO 4217 does not know, a reference longer than a
    /// payment's) are refused before anything is recorded, and so is a file whose credits add up to more than the
    /// import's total (a long) can count.
    /// </summary>
    private static void CheckAmounts(IEnumerable<BankStatementEntry> entries)
    {
        long total = 0;
        foreach (var entry in entries)
        {
            if ((PaymentLimits.AmountProblem(entry.AmountMinor) ?? PaymentLimits.CurrencyProblem(entry.Currency) ?? PaymentLimits.ReferenceProblem(entry.Reference)) is { } problem)
            {
                throw new BankStatementFormatException(entry.Location, problem, 0);
            }

            if (total > long.MaxValue - entry.AmountMinor)
            {
                throw new BankStatementFormatException(entry.Location, $"the credits up to this entry add up to more than {long.MaxValue} minor units", 0);
            }

            total += entry.AmountMinor;
        }
    }

    private async Task<ImportSummary> ImportBatchAsync(IReadOnlyList<BankStatementEntry> entries, ImportSummary summary, string actor, CancellationToken cancellationToken)
    {
        summary = summary with { Entries = summary.Entries + entries.Count, TotalAmountMinor = summary.TotalAmountMinor + entries.Sum(e => e.AmountMinor) };

        // Entries recorded by an earlier import are counted and dropped before any invoice is looked up for them (a
        // re-import then costs one query per batch); the check before saving still catches a concurrent import.
        var recordedAlready = await store.FindPaymentReferencesAsync(entries.Select(e => e.Reference).Distinct(StringComparer.Ordinal).ToList(), cancellationToken);
        var fresh = entries.Where(e => !recordedAlready.Contains(e.Reference)).ToList();
        summary = Enumerable.Range(0, entries.Count - fresh.Count).Aggregate(summary, (s, _) => s.Add(PaymentMatch.Duplicate));
        entries = fresh;
        var numbers = entries.Select(e => _parser.Find(e.RemittanceInfo)).ToList();
        var allNumbers = numbers.SelectMany(n => n).Distinct(StringComparer.Ordinal).ToList();
        var invoices = allNumbers.Count == 0
            ? new Dictionary<string, (string InvoiceId, string CustomerId)>()
            : await store.FindInvoicesByNumberAsync(allNumbers, cancellationToken);

        var now = clock.GetUtcNow();
        var byCustomer = new Dictionary<string, List<(Payment Payment, PaymentTargets Targets)>>(StringComparer.Ordinal);
        var unassigned = new List<(Payment Payment, BillingEvent Event)>();
        var references = new HashSet<string>(StringComparer.Ordinal);
        var documents = new Dictionary<string, BillingDocument>(StringComparer.Ordinal);
        for (var index = 0; index < entries.Count; index++)
        {
            var entry = entries[index];
            if (!references.Add(entry.Reference))
            {
                // The same reference twice in one file is one payment.
                summary = summary.Add(PaymentMatch.Duplicate);
                continue;
            }

            var payment = PaymentResolution.NewPayment(
                new RecordPaymentCommand(entry.Reference, null, null, null, entry.AmountMinor, entry.Currency, entry.BookingDate, entry.PayerName, entry.RemittanceInfo, PaymentSource.BankStatement),
                actor,
                now);
            var (customerId, named) = PaymentResolution.Resolve(null, numbers[index], invoices, null);
            var namedDocuments = await LoadAsync(named, documents, cancellationToken);
            var otherCurrency = PaymentResolution.InOtherCurrency(namedDocuments, entry.Currency);
            if (customerId.Length == 0 || otherCurrency is not null)
            {
                var detail = otherCurrency is null ? PaymentResolution.NobodyDetail : PaymentResolution.MismatchDetail(otherCurrency, entry.Currency, customerId);
                unassigned.Add((payment, PaymentResolution.Unassign(payment, $"{entry.Location}: {detail}", now)));
                continue;
            }

            if (!byCustomer.TryGetValue(customerId, out var payments))
            {
                payments = [];
                byCustomer[customerId] = payments;
            }

            payments.Add((payment, new PaymentTargets(named, namedDocuments, null)));
        }

        summary = await RecordMatchedAsync(byCustomer, summary, actor, cancellationToken);
        return await RecordUnassignedAsync(unassigned, summary, cancellationToken);
    }

    private async Task<IReadOnlyDictionary<string, BillingDocument>> LoadAsync(IReadOnlyList<string> invoiceIds, Dictionary<string, BillingDocument> cache, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, BillingDocument>(StringComparer.Ordinal);
        foreach (var id in invoiceIds)
        {
            if (!cache.TryGetValue(id, out var document))
            {
                document = await store.GetDocumentAsync(id, cancellationToken);
                if (document is null)
                {
                    continue;
                }

                cache[id] = document;
            }

            found[id] = document;
        }

        return found;
    }

    /// <summary>One account change for the batch's matched payments; entries a concurrent import recorded meanwhile are dropped and the rest tried again.</summary>
    private async Task<ImportSummary> RecordMatchedAsync(
        Dictionary<string, List<(Payment Payment, PaymentTargets Targets)>> byCustomer, ImportSummary summary, string actor, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var recorded = await store.FindPaymentReferencesAsync(byCustomer.Values.SelectMany(p => p).Select(p => p.Payment.ExternalReference).ToList(), cancellationToken);
            foreach (var payments in byCustomer.Values)
            {
                summary = Enumerable.Range(0, payments.RemoveAll(p => recorded.Contains(p.Payment.ExternalReference))).Aggregate(summary, (s, _) => s.Add(PaymentMatch.Duplicate));
            }

            var customers = byCustomer.Where(c => c.Value.Count > 0).Select(c => c.Key).Order(StringComparer.Ordinal).ToList();
            if (customers.Count == 0)
            {
                return summary;
            }

            var load = new AccountLoad(byCustomer.Values.SelectMany(p => p).SelectMany(p => p.Targets.InvoiceIds).Distinct(StringComparer.Ordinal).ToList(), []);
            try
            {
                var now = clock.GetUtcNow();
                var context = new ReceivablesContext(actor, now, SellerCalendar.LocalDay(options, now), options);
                var outcomes = await store.ChangeAccountsAsync(
                    customers,
                    load,
                    account => byCustomer[account.CustomerId].Select(p => PaymentApplication.Apply(account, p.Payment, p.Targets, context).Match).ToList(),
                    cancellationToken);
                return outcomes.SelectMany(o => o).Aggregate(summary, (s, match) => s.Add(match));
            }
            catch (BillingDuplicateException) when (attempt < DuplicateRetries)
            {
                // A concurrent import of the same entries saved first: nothing of this batch was saved; drop those and go again.
            }
        }
    }

    private async Task<ImportSummary> RecordUnassignedAsync(List<(Payment Payment, BillingEvent Event)> unassigned, ImportSummary summary, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var recorded = await store.FindPaymentReferencesAsync(unassigned.Select(p => p.Payment.ExternalReference).ToList(), cancellationToken);
            summary = Enumerable.Range(0, unassigned.RemoveAll(p => recorded.Contains(p.Payment.ExternalReference))).Aggregate(summary, (s, _) => s.Add(PaymentMatch.Duplicate));
            if (unassigned.Count == 0)
            {
                return summary;
            }

            try
            {
                await store.RecordUnassignedPaymentsAsync(unassigned.Select(p => p.Payment).ToList(), unassigned.Select(p => p.Event).ToList(), cancellationToken);
                return unassigned.Aggregate(summary, (s, _) => s.Add(PaymentMatch.Unmatched));
            }
            catch (BillingDuplicateException) when (attempt < DuplicateRetries)
            {
                // As above: a concurrent import saved some of these first.
            }
        }
    }
}

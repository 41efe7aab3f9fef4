using Sourcing.Orders.Billing;

namespace Sourcing.Orders.Tests.Billing;

/// <summary>Thrown by <see cref="CrashingBillingStore"/> where the process is made to "die".</summary>
public sealed class SimulatedCrashException(string where) : Exception($"simulated crash {where}");

/// <summary>
/// The real store with crash points: the next account change can be made to throw right AFTER it was saved (the
/// caller never learns it succeeded), and the next checkpoint save to throw before saving.
/// </summary>
internal sealed class CrashingBillingStore(IBillingStore inner) : IBillingStore
{
    public int CrashAfterChanges { get; set; }
    public int CrashBeforeCheckpoints { get; set; }

    public async Task<IReadOnlyList<T>> ChangeAccountsAsync<T>(IReadOnlyList<string> customerIds, AccountLoad load, Func<BillingAccount, T> change, CancellationToken cancellationToken)
    {
        var result = await inner.ChangeAccountsAsync(customerIds, load, change, cancellationToken);
        if (CrashAfterChanges > 0)
        {
            CrashAfterChanges--;
            throw new SimulatedCrashException("after an account change was saved");
        }

        return result;
    }

    public Task SaveCheckpointAsync(string follower, long position, CancellationToken cancellationToken)
    {
        if (CrashBeforeCheckpoints > 0)
        {
            CrashBeforeCheckpoints--;
            throw new SimulatedCrashException("before a checkpoint was saved");
        }

        return inner.SaveCheckpointAsync(follower, position, cancellationToken);
    }

    public Task<BillingAccount?> GetAccountAsync(string customerId, CancellationToken cancellationToken) => inner.GetAccountAsync(customerId, cancellationToken);
    public Task<BillingDocument?> GetDocumentAsync(string documentId, CancellationToken cancellationToken) => inner.GetDocumentAsync(documentId, cancellationToken);
    public Task<BillingDocument?> FindDocumentAsync(BillingDocumentKind kind, string sourceKey, CancellationToken cancellationToken) => inner.FindDocumentAsync(kind, sourceKey, cancellationToken);
    public Task<BillingDocument?> FindDocumentByNumberAsync(string number, CancellationToken cancellationToken) => inner.FindDocumentByNumberAsync(number, cancellationToken);
    public Task<IReadOnlyDictionary<string, (string InvoiceId, string CustomerId)>> FindInvoicesByNumberAsync(IReadOnlyCollection<string> numbers, CancellationToken cancellationToken) => inner.FindInvoicesByNumberAsync(numbers, cancellationToken);
    public Task<IReadOnlyList<BillingDocument>> ListDocumentsAsync(string customerId, string? orderId, int max, CancellationToken cancellationToken) => inner.ListDocumentsAsync(customerId, orderId, max, cancellationToken);
    public Task<IReadOnlyList<Allocation>> ListAllocationsAsync(string customerId, string invoiceId, CancellationToken cancellationToken) => inner.ListAllocationsAsync(customerId, invoiceId, cancellationToken);
    public Task<IReadOnlyList<Payment>> ListPaymentsAsync(string customerId, int max, CancellationToken cancellationToken) => inner.ListPaymentsAsync(customerId, max, cancellationToken);
    public Task<IReadOnlyList<Payment>> ListUnassignedPaymentsAsync(string? afterPaymentId, int max, CancellationToken cancellationToken) => inner.ListUnassignedPaymentsAsync(afterPaymentId, max, cancellationToken);
    public Task<IReadOnlySet<string>> FindPaymentReferencesAsync(IReadOnlyCollection<string> externalReferences, CancellationToken cancellationToken) => inner.FindPaymentReferencesAsync(externalReferences, cancellationToken);
    public Task RecordUnassignedPaymentsAsync(IReadOnlyList<Payment> payments, IReadOnlyList<BillingEvent> events, CancellationToken cancellationToken) => inner.RecordUnassignedPaymentsAsync(payments, events, cancellationToken);
    public Task<IReadOnlyList<string>> FindCustomersWithOverdueItemsAsync(DateOnly dueBefore, string afterCustomerId, int max, CancellationToken cancellationToken) => inner.FindCustomersWithOverdueItemsAsync(dueBefore, afterCustomerId, max, cancellationToken);
    public Task<IReadOnlyList<LedgerTotals>> GetLedgerTotalsAsync(string customerId, CancellationToken cancellationToken) => inner.GetLedgerTotalsAsync(customerId, cancellationToken);
    public Task<IReadOnlyList<long>> ListSequencesAsync(string series, int year, CancellationToken cancellationToken) => inner.ListSequencesAsync(series, year, cancellationToken);
    public Task<IReadOnlyList<StoredBillingEvent>> ReadFeedAsync(long afterPosition, int max, IReadOnlySet<string>? eventTypes, CancellationToken cancellationToken) => inner.ReadFeedAsync(afterPosition, max, eventTypes, cancellationToken);
    public Task<long> LatestPositionAsync(CancellationToken cancellationToken) => inner.LatestPositionAsync(cancellationToken);
    public Task WaitForEventsAsync(long afterPosition, TimeSpan timeout, CancellationToken cancellationToken) => inner.WaitForEventsAsync(afterPosition, timeout, cancellationToken);
    public Task<long> GetCheckpointAsync(string follower, CancellationToken cancellationToken) => inner.GetCheckpointAsync(follower, cancellationToken);
    public Task<bool> PingAsync(CancellationToken cancellationToken) => inner.PingAsync(cancellationToken);
}

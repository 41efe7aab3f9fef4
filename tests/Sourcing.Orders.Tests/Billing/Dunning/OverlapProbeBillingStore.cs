using Sourcing.Orders.Billing;

namespace Sourcing.Orders.Tests.Billing.Dunning;

/// <summary>
/// The real store, counting account changes under way at once. The first change waits (up to 5 s) for a second one to
/// start before it runs, so a caller that starts its next change only after the previous one finished shows 1.
/// </summary>
internal sealed class OverlapProbeBillingStore(IBillingStore inner) : IBillingStore
{
    private readonly TaskCompletionSource _secondStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _running;
    private int _mostAtOnce;
    private int _calls;

    public int MostAtOnce => Volatile.Read(ref _mostAtOnce);

    public async Task<IReadOnlyList<T>> ChangeAccountsAsync<T>(IReadOnlyList<string> customerIds, AccountLoad load, Func<BillingAccount, T> change, CancellationToken cancellationToken)
    {
        var running = Interlocked.Increment(ref _running);
        var call = Interlocked.Increment(ref _calls);
        int most;
        while (running > (most = Volatile.Read(ref _mostAtOnce)) && Interlocked.CompareExchange(ref _mostAtOnce, running, most) != most)
        {
        }

        try
        {
            if (call == 1)
            {
                await Task.WhenAny(_secondStarted.Task, Task.Delay(TimeSpan.FromSeconds(5), cancellationToken));
            }
            else
            {
                _secondStarted.TrySetResult();
            }

            return await inner.ChangeAccountsAsync(customerIds, load, change, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    public Task SaveCheckpointAsync(string follower, long position, CancellationToken cancellationToken) => inner.SaveCheckpointAsync(follower, position, cancellationToken);

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

namespace Sourcing.Orders.Billing;

/// <summary>
/// Where receivables live: PostgreSQL (the orders database) in production, memory in the embedded default; both pass
/// one contract suite. Every change goes through <see cref="ChangeAccountsAsync{T}"/>: the accounts are held for the
/// duration (concurrent changes of one customer run one after the other), the change decides in memory, and what it
/// recorded is written in one transaction — or nothing is.
/// </summary>
public interface IBillingStore
{
    /// <summary>
    /// Loads the accounts (a customer without one gets an empty account), runs <paramref name="change"/> on each while
    /// they are held, then saves everything recorded in one transaction: documents numbered per series and year with
    /// no gap and no repeat (a transaction that rolls back takes its numbers back with it), payments, allocations,
    /// the touched items and payments, headers (version + 1), and events appended to the billing feed. A document or
    /// payment whose source key / external reference exists already fails the whole change with
    /// <see cref="BillingDuplicateException"/>; nothing is saved when <paramref name="change"/> throws.
    /// </summary>
    Task<IReadOnlyList<T>> ChangeAccountsAsync<T>(
        IReadOnlyList<string> customerIds, AccountLoad load, Func<BillingAccount, T> change, CancellationToken cancellationToken);

    /// <summary>A copy of the account as stored (unsettled items, payments with money left); null when the customer has none.</summary>
    Task<BillingAccount?> GetAccountAsync(string customerId, CancellationToken cancellationToken);

    Task<BillingDocument?> GetDocumentAsync(string documentId, CancellationToken cancellationToken);

    Task<BillingDocument?> FindDocumentAsync(BillingDocumentKind kind, string sourceKey, CancellationToken cancellationToken);

    Task<BillingDocument?> FindDocumentByNumberAsync(string number, CancellationToken cancellationToken);

    /// <summary>Invoice id and customer of each of the numbers that exists (for matching bank payments by reference).</summary>
    Task<IReadOnlyDictionary<string, (string InvoiceId, string CustomerId)>> FindInvoicesByNumberAsync(IReadOnlyCollection<string> numbers, CancellationToken cancellationToken);

    /// <summary>The customer's documents, newest first, optionally of one order.</summary>
    Task<IReadOnlyList<BillingDocument>> ListDocumentsAsync(string customerId, string? orderId, int max, CancellationToken cancellationToken);

    /// <summary>
    /// The allocations to one of the customer's invoices (negative ones included), oldest first: which payments settle
    /// it and how much of each, e.g. to hand money back to those payments as credit.
    /// </summary>
    Task<IReadOnlyList<Allocation>> ListAllocationsAsync(string customerId, string invoiceId, CancellationToken cancellationToken);

    /// <summary>The customer's payments, newest first.</summary>
    Task<IReadOnlyList<Payment>> ListPaymentsAsync(string customerId, int max, CancellationToken cancellationToken);

    /// <summary>Payments no customer has been matched to, oldest first, after the given payment id (paging).</summary>
    Task<IReadOnlyList<Payment>> ListUnassignedPaymentsAsync(string? afterPaymentId, int max, CancellationToken cancellationToken);

    /// <summary>Which of the external references are recorded already.</summary>
    Task<IReadOnlySet<string>> FindPaymentReferencesAsync(IReadOnlyCollection<string> externalReferences, CancellationToken cancellationToken);

    /// <summary>
    /// Records payments nobody could match (customer id empty) with their events, in one transaction; a reference
    /// recorded already fails it with <see cref="BillingDuplicateException"/>.
    /// </summary>
    Task RecordUnassignedPaymentsAsync(IReadOnlyList<Payment> payments, IReadOnlyList<BillingEvent> events, CancellationToken cancellationToken);

    /// <summary>Customers (ascending id, after <paramref name="afterCustomerId"/>) with an item open and due before <paramref name="dueBefore"/>.</summary>
    Task<IReadOnlyList<string>> FindCustomersWithOverdueItemsAsync(DateOnly dueBefore, string afterCustomerId, int max, CancellationToken cancellationToken);

    /// <summary>Sums over the customer's whole history, per currency: the ledger the invariants are checked against.</summary>
    Task<IReadOnlyList<LedgerTotals>> GetLedgerTotalsAsync(string customerId, CancellationToken cancellationToken);

    /// <summary>The sequences issued in a series and year, ascending (to prove numbering has no gap).</summary>
    Task<IReadOnlyList<long>> ListSequencesAsync(string series, int year, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="max"/> events after <paramref name="afterPosition"/>, in position order; positions have no gaps.</summary>
    Task<IReadOnlyList<StoredBillingEvent>> ReadFeedAsync(long afterPosition, int max, IReadOnlySet<string>? eventTypes, CancellationToken cancellationToken);

    Task<long> LatestPositionAsync(CancellationToken cancellationToken);

    /// <summary>Completes when an event after <paramref name="afterPosition"/> may exist, or after <paramref name="timeout"/>.</summary>
    Task WaitForEventsAsync(long afterPosition, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Where a named follower of a feed (e.g. the one issuing invoices from shipments) got to; 0 when new.</summary>
    Task<long> GetCheckpointAsync(string follower, CancellationToken cancellationToken);

    Task SaveCheckpointAsync(string follower, long position, CancellationToken cancellationToken);

    Task<bool> PingAsync(CancellationToken cancellationToken);
}

/// <summary>
/// One customer's sums in one currency over everything ever recorded. The invariant: Invoiced − Credited − Allocated
/// equals the open amounts of the items (OpenMinor) summed, and no payment's allocations exceed its amount.
/// </summary>
public sealed record LedgerTotals(
    string Currency,
    long InvoicedMinor,
    long CreditedMinor,
    long AllocatedMinor,
    long OpenItemsMinor,
    long PaymentsMinor,
    long UnallocatedMinor,
    int OverAllocatedPayments);

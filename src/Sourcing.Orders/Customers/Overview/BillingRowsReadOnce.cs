using Sourcing.Orders.Billing;

namespace Sourcing.Orders.Customers.Overview;

/// <summary>
/// One customer id's billing rows as the overview reads them: the account, and its newest documents and payments, each
/// read once (at once, on separate connections) and long enough for every part of the overview that shows them — the
/// account view, the overview's own lists and the timeline's first page. A longer list than was read is read from the
/// store; one shorter than asked for was the whole list.
/// </summary>
internal sealed class BillingRowsReadOnce
{
    private readonly IBillingStore _billing;
    private readonly string _customerId;
    private readonly int _documentsRead, _paymentsRead;
    private readonly CancellationToken _cancellationToken;

    public BillingRowsReadOnce(IBillingStore billing, string customerId, int documents, int payments, CancellationToken cancellationToken)
    {
        (_billing, _customerId, _documentsRead, _paymentsRead, _cancellationToken) = (billing, customerId, documents, payments, cancellationToken);
        Account = billing.GetAccountAsync(customerId, cancellationToken);
        Documents = billing.ListDocumentsAsync(customerId, null, documents, cancellationToken);
        Payments = billing.ListPaymentsAsync(customerId, payments, cancellationToken);
    }

    public Task<BillingAccount?> Account { get; }

    /// <summary>Newest first, as <see cref="IBillingStore.ListDocumentsAsync"/> lists them.</summary>
    public Task<IReadOnlyList<BillingDocument>> Documents { get; }

    /// <summary>Newest first, as <see cref="IBillingStore.ListPaymentsAsync"/> lists them.</summary>
    public Task<IReadOnlyList<Payment>> Payments { get; }

    public Task Completion => Task.WhenAll(Account, Documents, Payments);

    /// <summary>The newest max documents: a prefix of those read, or the store's when more are asked than were read.</summary>
    public async Task<IReadOnlyList<BillingDocument>> NewestDocumentsAsync(int max) =>
        Prefix(await Documents, _documentsRead, max) ?? await _billing.ListDocumentsAsync(_customerId, null, max, _cancellationToken);

    /// <summary>The newest max payments: a prefix of those read, or the store's when more are asked than were read.</summary>
    public async Task<IReadOnlyList<Payment>> NewestPaymentsAsync(int max) =>
        Prefix(await Payments, _paymentsRead, max) ?? await _billing.ListPaymentsAsync(_customerId, max, _cancellationToken);

    // The store orders each list totally (time, then id), so its first max rows are the first max of a longer read.
    private static IReadOnlyList<T>? Prefix<T>(IReadOnlyList<T> rows, int read, int max) =>
        max <= read ? rows.Take(max).ToList() : rows.Count < read ? rows : null;
}

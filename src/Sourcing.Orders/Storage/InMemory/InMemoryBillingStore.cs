using Sourcing.Orders.Billing;

namespace Sourcing.Orders.Storage.InMemory;

/// <summary>
/// Receivables in process memory, for the embedded default. Each customer's account has its own monitor (taken in
/// ordinal customer-id order, so two multi-account changes never wait on each other in a circle); the change runs on
/// deep copies of what is stored, so one that throws leaves nothing behind, and everything it recorded is written under
/// one short store-wide lock — numbers, feed positions and duplicate checks are decided there, in commit order.
/// </summary>
public sealed class InMemoryBillingStore : IBillingStore
{
    /// <summary>The owner of payments nobody has matched yet: a change assigning one holds it like an account.</summary>
    private const string Unassigned = "";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, SemaphoreSlim> _accountLocks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CustomerState> _customers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BillingDocument> _documents = new(StringComparer.Ordinal);
    private readonly Dictionary<(BillingDocumentKind Kind, string SourceKey), string> _sourceKeys = [];
    private readonly Dictionary<string, string> _numbers = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Series, int Year), List<long>> _sequences = [];
    private readonly Dictionary<string, string> _itemOwners = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Payment> _payments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _references = new(StringComparer.Ordinal);
    private readonly List<StoredBillingEvent> _feed = [];
    private readonly Dictionary<string, long> _checkpoints = new(StringComparer.Ordinal);
    private TaskCompletionSource _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Everything kept about one customer (or, under the empty id, about payments nobody matched).</summary>
    private sealed class CustomerState
    {
        public AccountHeader? Header { get; set; }
        public Dictionary<string, OpenItem> Items { get; } = new(StringComparer.Ordinal);
        public HashSet<string> PaymentIds { get; } = new(StringComparer.Ordinal);
        public List<string> DocumentIds { get; } = [];
        public List<Allocation> Allocations { get; } = [];
    }

    public async Task<IReadOnlyList<T>> ChangeAccountsAsync<T>(
        IReadOnlyList<string> customerIds, AccountLoad load, Func<BillingAccount, T> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        ArgumentNullException.ThrowIfNull(load);
        ArgumentNullException.ThrowIfNull(change);
        var customers = customerIds.Distinct(StringComparer.Ordinal).ToList();
        if (customers.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("A customer id is empty.", nameof(customerIds));
        }

        if (customers.Count == 0)
        {
            return [];
        }

        while (true)
        {
            var (done, results) = await TryChangeAsync(customers, load, change, cancellationToken);
            if (done)
            {
                return results!;
            }
        }
    }

    /// <summary>
    /// One attempt: holds the accounts and the owners of the invoices and payments asked for by id. When an owner changed
    /// between looking it up and holding it (a payment assigned meanwhile), nothing ran and the caller tries again.
    /// </summary>
    private async Task<(bool Done, IReadOnlyList<T>? Results)> TryChangeAsync<T>(
        List<string> customers, AccountLoad load, Func<BillingAccount, T> change, CancellationToken cancellationToken)
    {
        HashSet<string> held;
        lock (_gate)
        {
            held = new HashSet<string>(customers, StringComparer.Ordinal);
            held.UnionWith(OwnersOf(load));
        }

        var locks = await HoldAsync(held, cancellationToken);
        try
        {
            List<BillingAccount> accounts;
            lock (_gate)
            {
                if (!held.IsSupersetOf(OwnersOf(load)))
                {
                    return (false, null);
                }

                accounts = Load(customers, load);
            }

            var results = accounts.Select(account => account.Run(change)).ToList();
            TaskCompletionSource? appended;
            lock (_gate)
            {
                appended = Save(accounts);
            }

            appended?.TrySetResult();
            return (true, results);
        }
        finally
        {
            for (var i = locks.Count - 1; i >= 0; i--)
            {
                locks[i].Release();
            }
        }
    }

    /// <summary>Under the gate: whose accounts the invoices and payments asked for by id are in now.</summary>
    private IEnumerable<string> OwnersOf(AccountLoad load)
    {
        foreach (var invoiceId in load.InvoiceIds)
        {
            if (_itemOwners.TryGetValue(invoiceId, out var owner))
            {
                yield return owner;
            }
        }

        foreach (var paymentId in load.PaymentIds)
        {
            if (_payments.TryGetValue(paymentId, out var payment))
            {
                yield return payment.CustomerId;
            }
        }
    }

    private async Task<List<SemaphoreSlim>> HoldAsync(HashSet<string> owners, CancellationToken cancellationToken)
    {
        List<SemaphoreSlim> ordered;
        lock (_gate)
        {
            ordered = owners.Order(StringComparer.Ordinal).Select(owner =>
            {
                if (!_accountLocks.TryGetValue(owner, out var monitor))
                {
                    monitor = new SemaphoreSlim(1, 1);
                    _accountLocks[owner] = monitor;
                }

                return monitor;
            }).ToList();
        }

        var taken = new List<SemaphoreSlim>(ordered.Count);
        try
        {
            foreach (var monitor in ordered)
            {
                await monitor.WaitAsync(cancellationToken);
                taken.Add(monitor);
            }
        }
        catch
        {
            for (var i = taken.Count - 1; i >= 0; i--)
            {
                taken[i].Release();
            }

            throw;
        }

        return taken;
    }

    /// <summary>
    /// Under the gate: copies of each account. An invoice or payment asked for by id goes to its owner's account when
    /// the owner is among those changed, otherwise to the first account (a clerk assigning an unmatched payment).
    /// </summary>
    private List<BillingAccount> Load(List<string> customers, AccountLoad load)
    {
        var extraItems = customers.ToDictionary(c => c, _ => new List<OpenItem>(), StringComparer.Ordinal);
        var extraPayments = customers.ToDictionary(c => c, _ => new List<Payment>(), StringComparer.Ordinal);
        foreach (var invoiceId in load.InvoiceIds.Distinct(StringComparer.Ordinal))
        {
            if (_itemOwners.TryGetValue(invoiceId, out var owner))
            {
                extraItems[extraItems.ContainsKey(owner) ? owner : customers[0]].Add(_customers[owner].Items[invoiceId]);
            }
        }

        foreach (var paymentId in load.PaymentIds.Distinct(StringComparer.Ordinal))
        {
            if (_payments.TryGetValue(paymentId, out var payment))
            {
                extraPayments[extraPayments.ContainsKey(payment.CustomerId) ? payment.CustomerId : customers[0]].Add(payment);
            }
        }

        return customers.Select(customerId =>
        {
            var state = _customers.GetValueOrDefault(customerId);
            var header = state?.Header is { } stored ? BillingJson.Copy(stored) : new AccountHeader { CustomerId = customerId };
            var items = (state?.Items.Values.Where(i => i.SettledOn is null) ?? [])
                .Concat(extraItems[customerId])
                .DistinctBy(i => i.InvoiceId)
                .Select(BillingJson.Copy);
            var payments = (state?.PaymentIds.Select(id => _payments[id]).Where(p => p.UnallocatedMinor != 0) ?? [])
                .Concat(extraPayments[customerId])
                .DistinctBy(p => p.Id)
                .OrderBy(p => p.Id, StringComparer.Ordinal)
                .Select(BillingJson.Copy);
            return new BillingAccount(header, items, payments);
        }).ToList();
    }

    /// <summary>
    /// Under the gate: checks every unique key first (nothing is written when one is taken), then numbers the new
    /// documents, writes what the changes recorded and appends their events. Returns the signal to raise outside.
    /// </summary>
    private TaskCompletionSource? Save(List<BillingAccount> accounts)
    {
        CheckUnique(accounts.SelectMany(a => a.NewDocuments), accounts.SelectMany(a => a.NewPayments));

        foreach (var account in accounts)
        {
            // An account only looked at is kept as it was (created empty when new, like the row PostgreSQL inserts to lock).
            var state = StateOf(account.CustomerId);
            if (!account.HasChanges)
            {
                state.Header ??= new AccountHeader { CustomerId = account.CustomerId };
                continue;
            }

            account.Header.CustomerId = account.CustomerId;
            account.Header.Version = (state.Header?.Version ?? 0) + 1;
            state.Header = BillingJson.Copy(account.Header);

            foreach (var document in account.NewDocuments)
            {
                Issue(account, document);
            }

            foreach (var item in account.ChangedItems)
            {
                var owner = _itemOwners.GetValueOrDefault(item.InvoiceId, account.CustomerId);
                StateOf(owner).Items[item.InvoiceId] = BillingJson.Copy(item);
            }

            foreach (var payment in account.NewPayments.Concat(account.ChangedPayments))
            {
                StorePayment(payment);
            }

            foreach (var allocation in account.NewAllocations)
            {
                if (allocation.CustomerId.Length == 0)
                {
                    allocation.CustomerId = account.CustomerId;
                }

                StateOf(allocation.CustomerId).Allocations.Add(BillingJson.Copy(allocation));
            }
        }

        return Append(accounts.SelectMany(a => a.NewEvents));
    }

    private void CheckUnique(IEnumerable<BillingDocument> documents, IEnumerable<Payment> payments)
    {
        var sourceKeys = new HashSet<(BillingDocumentKind, string)>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            if (_documents.ContainsKey(document.Id) || !ids.Add(document.Id))
            {
                throw new BillingDuplicateException($"document {document.Id}");
            }

            if (document.SourceKey.Length > 0 &&
                (_sourceKeys.ContainsKey((document.Kind, document.SourceKey)) || !sourceKeys.Add((document.Kind, document.SourceKey))))
            {
                throw new BillingDuplicateException($"{document.Kind} for {document.SourceKey}");
            }
        }

        var references = new HashSet<string>(StringComparer.Ordinal);
        foreach (var payment in payments)
        {
            if (_payments.ContainsKey(payment.Id) || !ids.Add(payment.Id))
            {
                throw new BillingDuplicateException($"payment {payment.Id}");
            }

            if (payment.ExternalReference.Length > 0 &&
                (_references.ContainsKey(payment.ExternalReference) || !references.Add(payment.ExternalReference)))
            {
                throw new BillingDuplicateException($"payment reference {payment.ExternalReference}");
            }
        }
    }

    /// <summary>Numbers the document (on the caller's object too, so what the change returned shows it) and stores it.</summary>
    private void Issue(BillingAccount account, BillingDocument document)
    {
        if (document.CustomerId.Length == 0)
        {
            document.CustomerId = account.CustomerId;
        }

        if (!_sequences.TryGetValue((document.Series, document.Year), out var issued))
        {
            issued = [];
            _sequences[(document.Series, document.Year)] = issued;
        }

        document.Sequence = issued.Count + 1;
        document.Number = BillingJson.FormatNumber(document.Series, document.Year, document.Sequence);
        issued.Add(document.Sequence);

        _documents[document.Id] = BillingJson.Copy(document);
        _numbers[document.Number] = document.Id;
        if (document.SourceKey.Length > 0)
        {
            _sourceKeys[(document.Kind, document.SourceKey)] = document.Id;
        }

        StateOf(document.CustomerId).DocumentIds.Add(document.Id);

        if (document.Kind == BillingDocumentKind.Invoice && account.Items.FirstOrDefault(i => i.InvoiceId == document.Id) is { } item)
        {
            item.Number = document.Number;
            _itemOwners[item.InvoiceId] = account.CustomerId;
            StateOf(account.CustomerId).Items[item.InvoiceId] = BillingJson.Copy(item);
        }
    }

    /// <summary>Stores a payment under its (possibly new) owner.</summary>
    private void StorePayment(Payment payment)
    {
        if (_payments.TryGetValue(payment.Id, out var previous))
        {
            StateOf(previous.CustomerId).PaymentIds.Remove(payment.Id);
        }

        _payments[payment.Id] = BillingJson.Copy(payment);
        StateOf(payment.CustomerId).PaymentIds.Add(payment.Id);
        if (payment.ExternalReference.Length > 0)
        {
            _references[payment.ExternalReference] = payment.Id;
        }
    }

    private CustomerState StateOf(string customerId)
    {
        if (!_customers.TryGetValue(customerId, out var state))
        {
            state = new CustomerState();
            _customers[customerId] = state;
        }

        return state;
    }

    /// <summary>Under the gate: appends the events with the next positions; returns the signal to raise once outside (null when none).</summary>
    private TaskCompletionSource? Append(IEnumerable<BillingEvent> events)
    {
        var before = _feed.Count;
        foreach (var billingEvent in events)
        {
            _feed.Add(new StoredBillingEvent(_feed.Count + 1, billingEvent));
        }

        if (_feed.Count == before)
        {
            return null;
        }

        var appended = _appended;
        _appended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return appended;
    }

    public Task<BillingAccount?> GetAccountAsync(string customerId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_customers.TryGetValue(customerId, out var state) || state.Header is null)
            {
                return Task.FromResult<BillingAccount?>(null);
            }

            return Task.FromResult<BillingAccount?>(new BillingAccount(
                BillingJson.Copy(state.Header),
                state.Items.Values.Where(i => i.SettledOn is null).Select(BillingJson.Copy),
                state.PaymentIds.Select(id => _payments[id]).Where(p => p.UnallocatedMinor != 0)
                    .OrderBy(p => p.Id, StringComparer.Ordinal).Select(BillingJson.Copy)));
        }
    }

    public Task<BillingDocument?> GetDocumentAsync(string documentId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_documents.TryGetValue(documentId, out var document) ? BillingJson.Copy(document) : null);
        }
    }

    public Task<BillingDocument?> FindDocumentAsync(BillingDocumentKind kind, string sourceKey, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_sourceKeys.TryGetValue((kind, sourceKey), out var id) ? BillingJson.Copy(_documents[id]) : null);
        }
    }

    public Task<BillingDocument?> FindDocumentByNumberAsync(string number, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_numbers.TryGetValue(number, out var id) ? BillingJson.Copy(_documents[id]) : null);
        }
    }

    public Task<IReadOnlyDictionary<string, (string InvoiceId, string CustomerId)>> FindInvoicesByNumberAsync(
        IReadOnlyCollection<string> numbers, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var found = new Dictionary<string, (string InvoiceId, string CustomerId)>(StringComparer.Ordinal);
            foreach (var number in numbers)
            {
                if (_numbers.TryGetValue(number, out var id) && _documents[id] is { Kind: BillingDocumentKind.Invoice } invoice)
                {
                    found[number] = (invoice.Id, invoice.CustomerId);
                }
            }

            return Task.FromResult<IReadOnlyDictionary<string, (string InvoiceId, string CustomerId)>>(found);
        }
    }

    public Task<IReadOnlyList<BillingDocument>> ListDocumentsAsync(string customerId, string? orderId, int max, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<BillingDocument> documents = _customers.TryGetValue(customerId, out var state)
                ? state.DocumentIds.Select(id => _documents[id])
                    .Where(d => string.IsNullOrEmpty(orderId) || d.OrderId == orderId)
                    .OrderByDescending(d => d.IssuedAt).ThenByDescending(d => d.Id, StringComparer.Ordinal)
                    .Take(max).Select(BillingJson.Copy).ToList()
                : [];
            return Task.FromResult(documents);
        }
    }

    public Task<IReadOnlyList<Allocation>> ListAllocationsAsync(string customerId, string invoiceId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<Allocation> allocations = _customers.TryGetValue(customerId, out var state)
                ? state.Allocations.Where(a => a.InvoiceId == invoiceId).OrderBy(a => a.AllocatedAt).ThenBy(a => a.Id, StringComparer.Ordinal).Select(BillingJson.Copy).ToList()
                : [];
            return Task.FromResult(allocations);
        }
    }

    public Task<IReadOnlyList<Payment>> ListPaymentsAsync(string customerId, int max, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<Payment> payments = _customers.TryGetValue(customerId, out var state)
                ? state.PaymentIds.Select(id => _payments[id])
                    .OrderByDescending(p => p.RecordedAt).ThenByDescending(p => p.Id, StringComparer.Ordinal)
                    .Take(max).Select(BillingJson.Copy).ToList()
                : [];
            return Task.FromResult(payments);
        }
    }

    public Task<IReadOnlyList<Payment>> ListUnassignedPaymentsAsync(string? afterPaymentId, int max, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<Payment> payments = _customers.TryGetValue(Unassigned, out var state)
                ? state.PaymentIds.Where(id => afterPaymentId is null || string.CompareOrdinal(id, afterPaymentId) > 0)
                    .Order(StringComparer.Ordinal).Take(max).Select(id => BillingJson.Copy(_payments[id])).ToList()
                : [];
            return Task.FromResult(payments);
        }
    }

    public Task<IReadOnlySet<string>> FindPaymentReferencesAsync(IReadOnlyCollection<string> externalReferences, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlySet<string>>(externalReferences.Where(_references.ContainsKey).ToHashSet(StringComparer.Ordinal));
        }
    }

    public Task RecordUnassignedPaymentsAsync(IReadOnlyList<Payment> payments, IReadOnlyList<BillingEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payments);
        ArgumentNullException.ThrowIfNull(events);
        TaskCompletionSource? appended;
        lock (_gate)
        {
            CheckUnique([], payments);
            foreach (var payment in payments)
            {
                StorePayment(payment);
            }

            appended = Append(events);
        }

        appended?.TrySetResult();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> FindCustomersWithOverdueItemsAsync(DateOnly dueBefore, string afterCustomerId, int max, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<string>>(_customers
                .Where(c => c.Key.Length > 0 && string.CompareOrdinal(c.Key, afterCustomerId ?? "") > 0)
                .Where(c => c.Value.Items.Values.Any(i => i.SettledOn is null && i.OpenMinor > 0 && i.DueDate < dueBefore))
                .Select(c => c.Key).Order(StringComparer.Ordinal).Take(max).ToList());
        }
    }

    public Task<IReadOnlyList<LedgerTotals>> GetLedgerTotalsAsync(string customerId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_customers.TryGetValue(customerId, out var state))
            {
                return Task.FromResult<IReadOnlyList<LedgerTotals>>([]);
            }

            var documents = state.DocumentIds.Select(id => _documents[id]).ToList();
            var payments = state.PaymentIds.Select(id => _payments[id]).ToList();
            var allocatedByPayment = _customers.Values.SelectMany(s => s.Allocations)
                .GroupBy(a => a.PaymentId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(a => a.AmountMinor), StringComparer.Ordinal);
            var currencies = documents.Select(d => d.Currency).Concat(payments.Select(p => p.Currency))
                .Concat(state.Allocations.Select(a => a.Currency)).Concat(state.Items.Values.Select(i => i.Currency))
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            return Task.FromResult<IReadOnlyList<LedgerTotals>>(currencies.Select(currency =>
            {
                var inCurrency = payments.Where(p => p.Currency == currency).ToList();
                return new LedgerTotals(
                    currency,
                    documents.Where(d => d.Currency == currency && d.Kind == BillingDocumentKind.Invoice).Sum(d => d.GrossTotalMinor),
                    documents.Where(d => d.Currency == currency && d.Kind == BillingDocumentKind.CreditNote).Sum(d => d.GrossTotalMinor),
                    state.Allocations.Where(a => a.Currency == currency).Sum(a => a.AmountMinor),
                    state.Items.Values.Where(i => i.Currency == currency).Sum(i => i.OpenMinor),
                    inCurrency.Sum(p => p.AmountMinor),
                    inCurrency.Sum(p => p.UnallocatedMinor),
                    inCurrency.Count(p => BillingJson.IsOverAllocated(p.AmountMinor, allocatedByPayment.GetValueOrDefault(p.Id))));
            }).ToList());
        }
    }

    public Task<IReadOnlyList<long>> ListSequencesAsync(string series, int year, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<long>>(_sequences.TryGetValue((series, year), out var issued) ? issued.ToList() : []);
        }
    }

    public Task<IReadOnlyList<StoredBillingEvent>> ReadFeedAsync(long afterPosition, int max, IReadOnlySet<string>? eventTypes, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var start = (int)Math.Clamp(afterPosition, 0, _feed.Count);
            return Task.FromResult<IReadOnlyList<StoredBillingEvent>>(_feed.Skip(start)
                .Where(e => eventTypes is null || eventTypes.Count == 0 || eventTypes.Contains(e.Event.Type))
                .Take(max).ToList());
        }
    }

    public Task<long> LatestPositionAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult((long)_feed.Count);
        }
    }

    public async Task WaitForEventsAsync(long afterPosition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task appended;
        lock (_gate)
        {
            if (_feed.Count > afterPosition)
            {
                return;
            }

            appended = _appended.Task;
        }

        await Task.WhenAny(appended, Task.Delay(timeout, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
    }

    public Task<long> GetCheckpointAsync(string follower, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_checkpoints.GetValueOrDefault(follower));
        }
    }

    public Task SaveCheckpointAsync(string follower, long position, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _checkpoints[follower] = position;
        }

        return Task.CompletedTask;
    }

    public Task<bool> PingAsync(CancellationToken cancellationToken) => Task.FromResult(true);
}

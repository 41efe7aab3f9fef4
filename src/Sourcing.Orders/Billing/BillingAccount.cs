namespace Sourcing.Orders.Billing;

/// <summary>
/// One customer's receivables as loaded for a change: the account header, every invoice not yet settled (plus any the
/// change asked for by id), and every payment with money left to allocate. A change runs synchronously on this object
/// while the store holds the customer's account (a row lock in PostgreSQL, a monitor in memory), then the store writes
/// what the change recorded in one transaction: new documents (numbering them), payments, allocations, the items and
/// payments it touched, the header, and the events.
/// </summary>
public sealed class BillingAccount
{
    private readonly List<BillingDocument> _newDocuments = [];
    private readonly List<Payment> _newPayments = [];
    private readonly List<Allocation> _newAllocations = [];
    private readonly List<BillingEvent> _newEvents = [];
    private readonly HashSet<OpenItem> _changedItems = [];
    private readonly HashSet<Payment> _changedPayments = [];

    public BillingAccount(AccountHeader header, IEnumerable<OpenItem> items, IEnumerable<Payment> payments)
    {
        Header = header;
        Items = items.ToList();
        Payments = payments.ToList();
    }

    public string CustomerId => Header.CustomerId;

    public AccountHeader Header { get; }

    /// <summary>Unsettled invoices (and any loaded by id), including those issued by this change.</summary>
    public List<OpenItem> Items { get; }

    /// <summary>Payments with money left to allocate (and any loaded by id), including those recorded by this change.</summary>
    public List<Payment> Payments { get; }

    public IReadOnlyList<BillingDocument> NewDocuments => _newDocuments;
    public IReadOnlyList<Payment> NewPayments => _newPayments;
    public IReadOnlyList<Allocation> NewAllocations => _newAllocations;
    public IReadOnlyList<BillingEvent> NewEvents => _newEvents;

    /// <summary>Items loaded from the store whose amounts or dunning state this change altered (not the new ones).</summary>
    public IReadOnlyCollection<OpenItem> ChangedItems => _changedItems;

    /// <summary>Payments loaded from the store whose unallocated amount or customer this change altered (not the new ones).</summary>
    public IReadOnlyCollection<Payment> ChangedPayments => _changedPayments;

    public bool HeaderChanged { get; private set; }

    public bool HasChanges =>
        _newDocuments.Count + _newPayments.Count + _newAllocations.Count + _newEvents.Count + _changedItems.Count + _changedPayments.Count > 0 || HeaderChanged;

    /// <summary>
    /// What one customer's open amounts, and separately its unallocated payments, may add up to per currency: 10^17 minor
    /// units. Single amounts are bounded far lower (a payment at most 10^15); this bounds their number, so every sum the
    /// account view and the payment checks take fits in a long.
    /// </summary>
    public const long MaxBalanceMinor = 100_000_000_000_000_000;

    /// <summary>
    /// Runs a change, then brings the header's dunning level in line with the items (whatever the change did to them:
    /// a payment, a credit note, a capture, a dunning run), and refuses the change (nothing is saved) when it took a
    /// balance beyond <see cref="MaxBalanceMinor"/>.
    /// </summary>
    public T Run<T>(Func<BillingAccount, T> change)
    {
        var result = change(this);
        RefreshDunningLevel();
        EnsureBalancesFit();
        return result;
    }

    /// <summary>The header's dunning level is the highest level among the items still open; it drops when they are settled.</summary>
    private void RefreshDunningLevel()
    {
        var level = Items.Where(i => i.OpenMinor > 0).Select(i => i.DunningLevel).DefaultIfEmpty(0).Max();
        if (level != Header.DunningLevel)
        {
            Header.DunningLevel = level;
            TouchHeader();
        }
    }

    private void EnsureBalancesFit()
    {
        var sums = new Dictionary<(string Currency, string Kind), Int128>();
        foreach (var item in Items)
        {
            Add(sums, (item.Currency, "open"), item.OpenMinor);
        }

        foreach (var payment in Payments)
        {
            Add(sums, (payment.Currency, "credit"), payment.UnallocatedMinor);
        }

        foreach (var ((currency, kind), sum) in sums)
        {
            if (Int128.Abs(sum) > MaxBalanceMinor)
            {
                throw new BillingStateException(
                    "ACCOUNT_BALANCE_LIMIT",
                    $"This would take customer {CustomerId}'s {kind} balance in {currency} to {sum} minor units; an account holds at most {MaxBalanceMinor} either way.");
            }
        }
    }

    private static void Add(Dictionary<(string, string), Int128> sums, (string, string) key, long amount) =>
        sums[key] = sums.GetValueOrDefault(key) + amount;

    // Low-level recording, used by the domain operations (BillingAccountOperations) and by store tests.

    /// <summary>Adds an issued document; an invoice also becomes an open item. The store numbers it on save.</summary>
    public void AddDocument(BillingDocument document, OpenItem? item)
    {
        _newDocuments.Add(document);
        if (item is not null)
        {
            Items.Add(item);
        }
    }

    public void AddPayment(Payment payment)
    {
        _newPayments.Add(payment);
        Payments.Add(payment);
    }

    public void AddAllocation(Allocation allocation) => _newAllocations.Add(allocation);

    public void AddEvent(BillingEvent billingEvent) => _newEvents.Add(billingEvent);

    public void Touch(OpenItem item)
    {
        if (!_newDocuments.Any(d => d.Id == item.InvoiceId))
        {
            _changedItems.Add(item);
        }
    }

    public void Touch(Payment payment)
    {
        if (!_newPayments.Contains(payment))
        {
            _changedPayments.Add(payment);
        }
    }

    public void TouchHeader() => HeaderChanged = true;
}

/// <summary>The account's own row: what is kept about the customer beyond its documents.</summary>
public sealed class AccountHeader
{
    public string CustomerId { get; set; } = "";

    /// <summary>Incremented by every saved change.</summary>
    public long Version { get; set; }

    /// <summary>The highest dunning level of the customer's open items (0: none overdue and reminded).</summary>
    public int DunningLevel { get; set; }

    /// <summary>A credit limit set for this customer by finance; null means the default of the customer's segment.</summary>
    public long? CreditLimitMinor { get; set; }

    /// <summary>Invoices paid in full, and how many of them after their due date (payment history for the checks).</summary>
    public int InvoicesPaid { get; set; }
    public int InvoicesPaidLate { get; set; }

    /// <summary>Buyer data of the last order, printed on dunning fee invoices.</summary>
    public BillingParty Buyer { get; set; } = new();
}

/// <summary>What to load besides the unsettled items and the payments with money left.</summary>
public sealed record AccountLoad(IReadOnlyCollection<string> InvoiceIds, IReadOnlyCollection<string> PaymentIds)
{
    public static readonly AccountLoad Default = new([], []);
}

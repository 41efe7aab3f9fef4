namespace Sourcing.Orders.Billing.Receivables;

/// <summary>The customer's account: the view over open items, payments and credit notes, and the credit limit finance sets.</summary>
public sealed class CustomerAccounts(IBillingStore store)
{
    public const int RecentPayments = 50;

    /// <summary>How many of the newest documents are searched for credit notes.</summary>
    public const int RecentDocuments = 200;

    /// <summary>A customer the receivables have never seen gets an empty account, not an error.</summary>
    public async Task<CustomerAccountView> GetAccountAsync(string customerId, DateOnly today, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerId, "customer_id");
        var account = await store.GetAccountAsync(customerId, cancellationToken);
        if (account is null)
        {
            return View(customerId, today, null, [], []);
        }

        var payments = await store.ListPaymentsAsync(customerId, RecentPayments, cancellationToken);
        var documents = await store.ListDocumentsAsync(customerId, null, RecentDocuments, cancellationToken);
        return View(customerId, today, account, payments, documents);
    }

    /// <summary>
    /// The view from rows read already: the account (null for one the receivables have never seen) and the customer's
    /// payments and documents newest first, of which the first <see cref="RecentPayments"/> and
    /// <see cref="RecentDocuments"/> are shown (a caller may have read more of them for other uses).
    /// </summary>
    public static CustomerAccountView View(
        string customerId, DateOnly today, BillingAccount? account, IReadOnlyList<Payment> newestPayments, IReadOnlyList<BillingDocument> newestDocuments)
    {
        ArgumentNullException.ThrowIfNull(newestPayments);
        ArgumentNullException.ThrowIfNull(newestDocuments);
        if (account is null)
        {
            return new CustomerAccountView(customerId, today, 0, null, 0, 0, [], [], [], []);
        }

        var items = AccountAllocations.OldestFirst(account.Items.Where(i => i.OpenMinor != 0)).ToList();
        return new CustomerAccountView(
            customerId,
            today,
            account.Header.DunningLevel,
            account.Header.CreditLimitMinor,
            account.Header.InvoicesPaid,
            account.Header.InvoicesPaidLate,
            Balances(account, today),
            items.Select(i => new OpenItemView(
                i.InvoiceId, i.Number, i.OrderId, i.Purpose, i.Currency, i.GrossMinor, i.CreditedMinor, i.PaidMinor, i.OpenMinor,
                i.IssuedOn, i.DueDate, i.DiscountUntil, i.IsOverdue(today) ? today.DayNumber - i.DueDate.DayNumber : 0, i.DunningLevel)).ToList(),
            newestPayments.Take(RecentPayments).ToList(),
            newestDocuments.Take(RecentDocuments).Where(d => d.Kind == BillingDocumentKind.CreditNote).ToList());
    }

    /// <summary>Sets (or, with null, removes) the customer's own credit limit; without one the segment's default applies.</summary>
    public async Task<long?> SetCreditLimitAsync(string customerId, long? limitMinor, string actor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerId, "customer_id");
        if (limitMinor is < 0 or > PaymentLimits.MaxAmountMinor)
        {
            throw new ArgumentOutOfRangeException("credit_limit_minor", limitMinor, $"A credit limit must be between 0 and {PaymentLimits.MaxAmountMinor} minor units.");
        }

        var set = await store.ChangeAccountsAsync([customerId], AccountLoad.Default, account =>
        {
            if (account.Header.CreditLimitMinor != limitMinor)
            {
                account.Header.CreditLimitMinor = limitMinor;
                account.TouchHeader();
            }

            return account.Header.CreditLimitMinor;
        }, cancellationToken);
        return set[0];
    }

    /// <summary>Per currency the account has anything in: open, overdue and credit sums.</summary>
    public static IReadOnlyList<CurrencyBalance> Balances(BillingAccount account, DateOnly today) =>
        account.Items.Select(i => i.Currency)
            .Concat(account.Payments.Where(p => p.UnallocatedMinor != 0).Select(p => p.Currency))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(currency => BalanceIn(account, currency, today))
            .ToList();

    public static CurrencyBalance BalanceIn(BillingAccount account, string currency, DateOnly today)
    {
        var items = account.Items.Where(i => i.Currency == currency).ToList();
        return new CurrencyBalance(
            currency,
            items.Sum(i => i.OpenMinor),
            items.Where(i => i.IsOverdue(today)).Sum(i => i.OpenMinor),
            account.Payments.Where(p => p.Currency == currency).Sum(p => p.UnallocatedMinor));
    }
}

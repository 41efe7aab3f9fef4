using Sourcing.Orders.Billing.Invoicing;

namespace Sourcing.Orders.Billing.Receivables;

/// <summary>
/// The credit facts the payment checks read, from the stored account only. "Overdue" is counted in the seller's days
/// (BillingOptions.TimeZone), like the due dates printed on the invoices.
/// </summary>
public sealed class CreditFactsReader(IBillingStore store, BillingOptions options, TimeProvider clock) : ICustomerCreditFacts
{
    public async Task<CustomerCreditFacts> GetAsync(string customerId, string currency, CancellationToken cancellationToken)
    {
        var account = string.IsNullOrEmpty(customerId) ? null : await store.GetAccountAsync(customerId, cancellationToken);
        if (account is null)
        {
            return CustomerCreditFacts.None;
        }

        var balance = CustomerAccounts.BalanceIn(account, currency, SellerCalendar.LocalDay(options, clock.GetUtcNow()));
        return new CustomerCreditFacts(
            balance.OpenMinor,
            balance.OverdueMinor,
            account.Header.DunningLevel,
            account.Header.CreditLimitMinor,
            account.Header.InvoicesPaid,
            account.Header.InvoicesPaidLate,
            balance.CreditMinor);
    }
}

using Microsoft.Extensions.Options;
using Sourcing.Orders;
using Sourcing.Orders.Billing;
using Sourcing.Rules.Facts;
using Sourcing.Service.Errors;

namespace Sourcing.Service.Sourcing;

/// <summary>
/// The customer as the rules see it: who the request says it is, with the money facts from the service's own
/// receivables (<see cref="ICustomerCreditFacts"/>) in the order's currency, and the credit limit finance set for the
/// customer, else its segment's (<see cref="CustomerCreditOptions"/>).
/// </summary>
public sealed class CustomerCreditReader(ICustomerCreditFacts facts, IOptions<CustomerCreditOptions> options)
{
    /// <summary>
    /// Reads the facts. When they cannot be read the order is not decided at all: deciding with an empty balance would
    /// pass every credit check silently. The fault is answered UNAVAILABLE (STORE_UNAVAILABLE, nothing was changed).
    /// </summary>
    public async Task<CustomerFact> ReadAsync(CustomerProfile customer, string currency, CancellationToken cancellationToken)
    {
        // A caller that names no customer has no receivables to read: it has no balance and the segment's limit.
        CustomerCreditFacts credit;
        try
        {
            credit = customer.Id.Length == 0 ? CustomerCreditFacts.None : await facts.GetAsync(customer.Id, currency, cancellationToken);
        }
        catch (Exception exception) when (exception is BillingStoreUnavailableException || StoreFaults.IsUnavailable(exception))
        {
            throw new OrderStoreUnavailableException(
                "The customer's credit facts could not be read, so the order's payment and credit checks could not be made.",
                mayHaveApplied: false,
                exception);
        }

        return Fact(customer, credit);
    }

    /// <summary>The customer with no receivables: a request that needs no payment decision (a delivery promise).</summary>
    public CustomerFact WithoutReceivables(CustomerProfile customer) => Fact(customer, CustomerCreditFacts.None);

    private CustomerFact Fact(CustomerProfile customer, CustomerCreditFacts credit) => new()
    {
        Id = customer.Id,
        Segment = customer.Segment,
        IsVip = customer.IsVip,
        OpenBalanceMinor = credit.OpenBalanceMinor,
        OverdueMinor = credit.OverdueMinor,
        DunningLevel = credit.DunningLevel,
        CreditLimitMinor = credit.CreditLimitMinor ?? options.Value.CreditLimitOf(customer.Segment),
        InvoicesPaid = credit.InvoicesPaid,
        InvoicesPaidLate = credit.InvoicesPaidLate,
        UnallocatedMinor = credit.UnallocatedMinor,
    };
}

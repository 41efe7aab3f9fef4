using Microsoft.Extensions.Options;
using Sourcing.Orders;
using Sourcing.Orders.Billing;
using Sourcing.Orders.Customers;
using Sourcing.Rules.Facts;
using Sourcing.Service.Errors;

namespace Sourcing.Service.Sourcing;

/// <summary>
/// The customer as the rules see it: the segment, VIP flag and order history from the customer record
/// (<see cref="CustomerFactsReader"/>, merges followed), the money facts from the service's own receivables
/// (<see cref="ICustomerCreditFacts"/>) in the order's currency, and the credit limit finance set for the customer, else
/// its segment's (<see cref="CustomerCreditOptions"/>). The caller's segment counts only for a customer the directory
/// does not know, and the caller's VIP flag never: a channel cannot talk a customer into better terms.
/// </summary>
public sealed class CustomerCreditReader(ICustomerCreditFacts facts, CustomerFactsReader customers, IOptions<CustomerCreditOptions> options)
{
    /// <summary>
    /// Reads the facts. When they cannot be read the order is not decided at all: deciding with an empty balance would
    /// pass every credit check silently. The fault is answered UNAVAILABLE (STORE_UNAVAILABLE, nothing was changed).
    /// </summary>
    public async Task<CustomerFact> ReadAsync(CustomerProfile customer, string currency, CancellationToken cancellationToken)
    {
        // A caller that names no customer has no receivables and no record to read: no balance, the segment's limit.
        CustomerCreditFacts credit;
        CustomerFacts record;
        try
        {
            var creditRead = customer.Id.Length == 0 ? Task.FromResult(CustomerCreditFacts.None) : facts.GetAsync(customer.Id, currency, cancellationToken);
            var recordRead = customer.Id.Length == 0 ? Task.FromResult(CustomerFacts.Unknown("")) : customers.ReadAsync(customer.Id, currency, cancellationToken);
            // Both are asked at once; both are awaited so that a fault of either is observed.
            await Task.WhenAll(creditRead, recordRead);
            (credit, record) = (await creditRead, await recordRead);
        }
        catch (Exception exception) when (exception is BillingStoreUnavailableException or CustomerStoreUnavailableException or OrderStoreUnavailableException
            || StoreFaults.IsUnavailable(exception))
        {
            throw new OrderStoreUnavailableException(
                "The customer's credit facts could not be read, so the order's payment and credit checks could not be made.",
                mayHaveApplied: false,
                exception);
        }

        return Fact(customer, credit, record);
    }

    /// <summary>
    /// The customer with no receivables and no record read: a request that needs no payment decision (a delivery
    /// promise), decided on the caller's profile.
    /// </summary>
    public CustomerFact WithoutReceivables(CustomerProfile customer) =>
        Fact(customer, CustomerCreditFacts.None, CustomerFacts.Unknown(customer.Id)) with { IsVip = customer.IsVip };

    private CustomerFact Fact(CustomerProfile customer, CustomerCreditFacts credit, CustomerFacts record)
    {
        var segment = record.Known ? record.Segment : customer.Segment;
        return new CustomerFact
        {
            Id = customer.Id,
            Segment = segment,
            IsVip = record.Vip,
            OrdersCount = record.OrdersCount,
            LifetimeValueMinor = record.LifetimeValueMinor,
            ReturnRateBasisPoints = record.ReturnRateBasisPoints,
            OpenBalanceMinor = credit.OpenBalanceMinor,
            OverdueMinor = credit.OverdueMinor,
            DunningLevel = credit.DunningLevel,
            CreditLimitMinor = credit.CreditLimitMinor ?? options.Value.CreditLimitOf(segment),
            InvoicesPaid = credit.InvoicesPaid,
            InvoicesPaidLate = credit.InvoicesPaidLate,
            UnallocatedMinor = credit.UnallocatedMinor,
        };
    }
}

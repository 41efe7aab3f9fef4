namespace Sourcing.Orders.Billing;

/// <summary>
/// What the receivables know about a customer's credit, as the payment and hold rules see it: read from the service's
/// own data, never from a caller. <see cref="CreditLimitMinor"/> is the limit finance set for this customer; null
/// means the default of the customer's segment (the host's Customers settings).
/// </summary>
public sealed record CustomerCreditFacts(
    long OpenBalanceMinor,
    long OverdueMinor,
    int DunningLevel,
    long? CreditLimitMinor,
    int InvoicesPaid,
    int InvoicesPaidLate,
    long UnallocatedMinor)
{
    /// <summary>A customer the receivables have never seen.</summary>
    public static readonly CustomerCreditFacts None = new(0, 0, 0, null, 0, 0, 0);
}

/// <summary>The credit facts of a customer in one currency, as of the seller's today.</summary>
public interface ICustomerCreditFacts
{
    Task<CustomerCreditFacts> GetAsync(string customerId, string currency, CancellationToken cancellationToken);
}

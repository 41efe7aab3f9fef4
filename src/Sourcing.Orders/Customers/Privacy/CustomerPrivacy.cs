using Microsoft.Extensions.Options;
using Sourcing.Orders.Billing;

namespace Sourcing.Orders.Customers.Privacy;

/// <summary>What an erasure did.</summary>
/// <param name="OrdersPseudonymised">Orders whose personal data (and history texts) were replaced.</param>
/// <param name="InvoicesRetained">Invoices and credit notes kept with their buyer data for the legal retention period.</param>
/// <param name="RetainedUntil">The end of the latest retention period (the last document's year + the retention years).</param>
public sealed record ErasureResult(string CustomerId, DateTimeOffset ErasedAt, int OrdersPseudonymised, int InvoicesRetained, DateOnly? RetainedUntil);

/// <summary>
/// The data subject's rights: an export of everything held about a customer (JSON, machine-readable) and erasure by
/// pseudonymisation. Erasure refuses while something is open (orders not finished, open returns, money owed or
/// held as credit: CUSTOMER_HAS_OPEN_BUSINESS) and keeps invoices and credit notes unchanged for their legal
/// retention period; everything else personal — the profile and its versions, identities, the orders' contact
/// data and free texts, their history texts — is replaced. A repeat changes nothing.
/// </summary>
public sealed class CustomerPrivacy(
    CustomerDirectory directory,
    ICustomerStore customers,
    IOrderStore orders,
    IBillingStore billing,
    TimeProvider clock,
    IOptions<CustomerOptions> options)
{
    /// <summary>UTF-8 JSON of everything held about the customer this id resolves to (and those merged into it).</summary>
    public Task<byte[]> ExportAsync(string customerId, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<ErasureResult> EraseAsync(string customerId, string reason, CustomerActor actor, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    // Placeholder until the methods above are written: keeps the dependencies referenced.
    private object Dependencies() => (directory, customers, orders, billing, clock, options);
}

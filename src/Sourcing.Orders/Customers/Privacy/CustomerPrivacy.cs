using Microsoft.Extensions.Options;
using Sourcing.Orders.Billing;
using Sourcing.Orders.Customers.Overview;

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
/// data and free texts, their history texts — is replaced. A repeat changes nothing. Payments stay as booked (they
/// are accounting records like the invoices they settle).
/// </summary>
public sealed class CustomerPrivacy(
    CustomerDirectory directory,
    ICustomerStore customers,
    IOrderStore orders,
    IBillingStore billing,
    TimeProvider clock,
    IOptions<CustomerOptions> options)
{
    private const int TimelinePage = 100;

    private readonly CustomerHoldingsReader _reader = new(directory, customers, orders, billing);

    /// <summary>UTF-8 JSON of everything held about the customer this id resolves to (and those merged into it).</summary>
    public async Task<byte[]> ExportAsync(string customerId, CancellationToken cancellationToken)
    {
        var holdings = await _reader.ReadAsync(customerId, cancellationToken);
        var timeline = new List<TimelineEntry>();
        var reader = new TimelineReader(orders, billing);
        TimelineCursor? after = null;
        do
        {
            var page = await reader.ReadAsync(holdings.Resolved.CustomerIds, holdings.Customers.Select(c => c.Document).ToList(), TimelinePage, after, cancellationToken);
            timeline.AddRange(page.Entries);
            after = page.NextPageToken is { } token ? TimelineCursor.Parse(token) : null;
        }
        while (after is not null);

        return CustomerExportWriter.Write(holdings, timeline, clock.GetUtcNow());
    }

    /// <summary>
    /// Pseudonymises the customer this id resolves to and everyone merged into it. Refused with
    /// CUSTOMER_HAS_OPEN_BUSINESS (naming what is open) before anything changes; a repeat answers as the first did.
    /// </summary>
    public Task<ErasureResult> EraseAsync(string customerId, string reason, CustomerActor actor, CancellationToken cancellationToken) =>
        new CustomerEraser(_reader, customers, orders, billing, clock, options.Value.InvoiceRetentionYears).EraseAsync(customerId, reason, actor, cancellationToken);
}

using Microsoft.Extensions.Options;
using Sourcing.Orders.Billing;

namespace Sourcing.Orders.Customers.Search;

/// <summary>A customer a search found, with what an agent needs to tell two apart.</summary>
/// <param name="MatchedField">Where the text matched (an order, invoice or RMA number matches exactly).</param>
public sealed record CustomerSearchResult(
    string CustomerId,
    string DisplayName,
    string Email,
    string Phone,
    string PostalCode,
    string City,
    CustomerSearchField MatchedField,
    double Score);

public sealed record CustomerSearchPage(IReadOnlyList<CustomerSearchResult> Results, string? NextPageToken);

/// <summary>
/// Agent search: an order number (any channel's external number or an order id), invoice or credit note number and
/// RMA number match exactly (any case); names, e-mail, phone and postal code match by trigram similarity, tolerant of
/// typos and partial input. Merged customers show as their survivor; erased customers are never found.
/// </summary>
public sealed class CustomerSearch(ICustomerStore customers, IOrderStore orders, IBillingStore billing, IOptions<CustomerOptions> options)
{
    public Task<CustomerSearchPage> SearchAsync(string text, CustomerSearchField field, int pageSize, string? pageToken, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    // Placeholder until the method above is written: keeps the dependencies referenced.
    private object Dependencies() => (customers, orders, billing, options);
}

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
/// RMA number match exactly (any case); names, e-mail and postal code match by trigram similarity, tolerant of typos
/// and partial input; phones by their digits, whole or the last ones. Merged customers show as their survivor;
/// erased customers are never found.
/// </summary>
public sealed class CustomerSearch(ICustomerStore customers, IOrderStore orders, IBillingStore billing, IOptions<CustomerOptions> options)
{
    public const int DefaultPageSize = 20, MaxPageSize = 50;

    private readonly NumberLookup _numbers = new(customers, orders, billing);

    /// <summary>
    /// Exact number matches first (score 1), then text matches best first, one result per survivor. Bad input is an
    /// <see cref="ArgumentException"/> naming the request field (query, field, page_size, page_token).
    /// </summary>
    public async Task<CustomerSearchPage> SearchAsync(string text, CustomerSearchField field, int pageSize, string? pageToken, CancellationToken cancellationToken)
    {
        var query = SearchQuery.Validate(text, field, pageSize, pageToken);
        var exact = await _numbers.FindAsync(query.Text, query.Field, cancellationToken);

        // The page is a window over "exact matches, then text hits of other survivors": text hits are read from the
        // start up to the window's end (plus the exact ones they may repeat) so that skipping repeats keeps offsets stable.
        var results = new List<(string SurvivorId, CustomerSearchField Field, double Score)>(exact);
        if (SearchQuery.SearchesText(query.Field))
        {
            var wanted = query.Offset + query.PageSize + 1 - results.Count;
            if (wanted > 0)
            {
                var hits = await customers.SearchAsync(
                    new CustomerTextQuery(query.Text, query.Field, wanted + exact.Count, 0, options.Value.SearchMinSimilarity), cancellationToken);
                results.AddRange(hits.Where(h => !exact.Any(e => e.SurvivorId == h.SurvivorId)).Select(h => (h.SurvivorId, h.Field, h.Score)));
            }
        }

        var window = results.Skip(query.Offset).Take(query.PageSize + 1).ToList();
        var page = window.Take(query.PageSize).ToList();
        var shown = await customers.GetManyAsync(page.Select(r => r.SurvivorId).Distinct(StringComparer.Ordinal).ToList(), cancellationToken);
        var byId = shown.ToDictionary(c => c.Document.CustomerId, c => c.Document, StringComparer.Ordinal);
        return new CustomerSearchPage(
            page.Where(r => byId.ContainsKey(r.SurvivorId)).Select(r => Result(byId[r.SurvivorId], r.Field, r.Score)).ToList(),
            window.Count > query.PageSize ? SearchQuery.Token(query.Offset + query.PageSize) : null);
    }

    private static CustomerSearchResult Result(CustomerDocument customer, CustomerSearchField field, double score)
    {
        var contact = customer.Contact;
        var name = $"{contact.GivenName} {contact.FamilyName}".Trim();
        var address = contact.Addresses.FirstOrDefault(a => a.DefaultShipping)
            ?? contact.Addresses.FirstOrDefault(a => a.DefaultBilling)
            ?? contact.Addresses.FirstOrDefault();
        return new CustomerSearchResult(
            customer.CustomerId,
            name.Length > 0 ? name : contact.CompanyName,
            contact.Email,
            contact.Phone,
            address?.Address.PostalCode ?? "",
            address?.Address.City ?? "",
            field,
            score);
    }
}

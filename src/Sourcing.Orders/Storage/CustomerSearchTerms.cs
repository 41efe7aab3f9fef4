using Sourcing.Orders.Customers;

namespace Sourcing.Orders.Storage;

/// <summary>
/// What a customer text query is compared with, the same in both stores: the text folded like the name, e-mail and
/// postal code entries, and its digits read as a phone number for the phone entries (so "030 1234567" meets
/// "+49 30 1234567" as "49301234567").
/// </summary>
public sealed record CustomerSearchTerms(string Folded, string Phone, bool Names, bool Emails, bool Phones, bool PostalCodes)
{
    public static CustomerSearchTerms Of(CustomerTextQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(query.Text);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Take, 1, nameof(query.Take));
        ArgumentOutOfRangeException.ThrowIfNegative(query.Skip, nameof(query.Skip));
        if (query.MinSimilarity is < 0 or > 1 || double.IsNaN(query.MinSimilarity))
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.MinSimilarity, "MinSimilarity must be between 0 and 1.");
        }

        var any = query.Field == CustomerSearchField.Any;
        if (!any && query.Field is not (CustomerSearchField.Name or CustomerSearchField.Email or CustomerSearchField.Phone or CustomerSearchField.PostalCode))
        {
            throw new ArgumentException($"The customer store searches names, e-mails, phones and postal codes, not {query.Field}.", nameof(query));
        }

        return new CustomerSearchTerms(
            CustomerText.Fold(query.Text),
            CustomerText.Phone(query.Text),
            any || query.Field == CustomerSearchField.Name,
            any || query.Field == CustomerSearchField.Email,
            any || query.Field == CustomerSearchField.Phone,
            any || query.Field == CustomerSearchField.PostalCode);
    }

    /// <summary>The text an entry of this field is compared with; "" when the query has nothing to compare there.</summary>
    public string For(CustomerSearchField field) => field switch
    {
        CustomerSearchField.Name when Names => Folded,
        CustomerSearchField.Email when Emails => Folded,
        CustomerSearchField.PostalCode when PostalCodes => Folded,
        CustomerSearchField.Phone when Phones => Phone,
        _ => "",
    };
}

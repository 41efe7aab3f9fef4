namespace Sourcing.Orders.Customers;

/// <summary>Which part of a customer a search looks in.</summary>
public enum CustomerSearchField
{
    Any,
    Name,
    Email,
    Phone,
    PostalCode,
    OrderNumber,
    InvoiceNumber,
    RmaNumber,
}

/// <summary>
/// One searchable text of a customer, as both stores index it: derived from the document on every save
/// (<see cref="Of"/>) so the index can never disagree with it. A merged customer's entries find its survivor; an
/// erased customer has none.
/// </summary>
/// <param name="SurvivorId">The customer a hit shows: the customer itself, or the one it was merged into.</param>
/// <param name="Text">Folded (<see cref="CustomerText.Fold"/>) or, for phones, digits only.</param>
public sealed record CustomerSearchEntry(string CustomerId, string SurvivorId, CustomerSearchField Field, string Text)
{
    public static IReadOnlyList<CustomerSearchEntry> Of(CustomerDocument customer)
    {
        if (customer.Status == CustomerStatus.Erased)
        {
            return [];
        }

        var survivor = customer.Status == CustomerStatus.Merged && customer.MergedInto.Length > 0 ? customer.MergedInto : customer.CustomerId;
        var contact = customer.Contact;
        var entries = new List<CustomerSearchEntry>();

        void Add(CustomerSearchField field, string text)
        {
            if (text.Length > 0 && !entries.Any(e => e.Field == field && e.Text == text))
            {
                entries.Add(new CustomerSearchEntry(customer.CustomerId, survivor, field, text));
            }
        }

        Add(CustomerSearchField.Name, CustomerText.Fold($"{contact.GivenName} {contact.FamilyName}"));
        Add(CustomerSearchField.Name, CustomerText.Fold(contact.CompanyName));
        foreach (var address in contact.Addresses)
        {
            Add(CustomerSearchField.Name, CustomerText.Fold(address.Address.Name));
            Add(CustomerSearchField.PostalCode, CustomerText.Fold(address.Address.PostalCode));
        }

        Add(CustomerSearchField.Email, CustomerText.Fold(contact.Email));
        Add(CustomerSearchField.Phone, CustomerText.Phone(contact.Phone));
        foreach (var identity in customer.Identities)
        {
            switch (identity.Kind)
            {
                case IdentityKind.Email: Add(CustomerSearchField.Email, CustomerText.Fold(identity.Value)); break;
                case IdentityKind.Phone: Add(CustomerSearchField.Phone, identity.Value); break;
            }
        }

        return entries;
    }
}

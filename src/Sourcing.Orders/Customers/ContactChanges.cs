namespace Sourcing.Orders.Customers;

/// <summary>Which parts of the contact data differ, by name ("e-mail", "addresses"): what an event may say about a change.</summary>
public static class ContactChanges
{
    public static IReadOnlyList<string> Between(ContactData before, ContactData after)
    {
        var changed = new List<string>();
        Add(changed, "given name", before.GivenName != after.GivenName);
        Add(changed, "family name", before.FamilyName != after.FamilyName);
        Add(changed, "company name", before.CompanyName != after.CompanyName);
        Add(changed, "e-mail", before.Email != after.Email);
        Add(changed, "phone", before.Phone != after.Phone);
        Add(changed, "preferred channel", before.PreferredChannel != after.PreferredChannel);
        Add(changed, "language", before.Language != after.Language);
        Add(changed, "addresses", !before.Addresses.SequenceEqual(after.Addresses, AddressComparer.Instance));
        Add(changed, "consents", !before.Consents.SequenceEqual(after.Consents, ConsentComparer.Instance));
        return changed;
    }

    private static void Add(List<string> changed, string name, bool differs)
    {
        if (differs)
        {
            changed.Add(name);
        }
    }

    private sealed class AddressComparer : IEqualityComparer<CustomerAddress>
    {
        public static readonly AddressComparer Instance = new();

        public bool Equals(CustomerAddress? a, CustomerAddress? b) =>
            a is not null && b is not null && a.Label == b.Label && a.DefaultShipping == b.DefaultShipping && a.DefaultBilling == b.DefaultBilling
            && a.Address.Name == b.Address.Name && a.Address.Street == b.Address.Street && a.Address.PostalCode == b.Address.PostalCode
            && a.Address.City == b.Address.City && a.Address.Country == b.Address.Country;

        public int GetHashCode(CustomerAddress address) => address.Label.GetHashCode(StringComparison.Ordinal);
    }

    private sealed class ConsentComparer : IEqualityComparer<Consent>
    {
        public static readonly ConsentComparer Instance = new();

        public bool Equals(Consent? a, Consent? b) =>
            a is not null && b is not null && a.Purpose == b.Purpose && a.Granted == b.Granted && a.At == b.At && a.Source == b.Source;

        public int GetHashCode(Consent consent) => consent.Purpose.GetHashCode(StringComparison.Ordinal);
    }
}

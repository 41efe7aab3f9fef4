namespace Sourcing.Orders.Customers;

/// <summary>
/// Checks contact data before it is stored. A bad field is an <see cref="ArgumentException"/> whose ParamName is the
/// request's field path (e.g. "contact.addresses[1].address.postal_code"), so the caller is told which one to fix.
/// </summary>
public static class ContactDataValidator
{
    // The limits orders accept for a postal address, so an address copied from an order always fits.
    public const int MaxStreetLength = 256, MaxCityLength = 128, MaxPostalCodeLength = 16;
    public const int MaxLabelLength = 64, MaxLanguageLength = 35, MaxPurposeLength = 64, MaxSourceLength = 64;

    public static void Validate(ContactData contact, string field = "contact")
    {
        Text(contact.GivenName, field + ".given_name", CustomerOptions.MaxNameLength);
        Text(contact.FamilyName, field + ".family_name", CustomerOptions.MaxNameLength);
        Text(contact.CompanyName, field + ".company_name", CustomerOptions.MaxNameLength);
        Email(contact.Email, field + ".email");
        Phone(contact.Phone, field + ".phone");
        Language(contact.Language, field + ".language");
        if (!Enum.IsDefined(contact.PreferredChannel))
        {
            throw new ArgumentException("is not a known contact channel", field + ".preferred_channel");
        }

        Addresses(contact.Addresses, field + ".addresses");
        Consents(contact.Consents, field + ".consents");
    }

    /// <summary>An e-mail address: "" or at most 254 characters with exactly one '@' that has text on both sides.</summary>
    public static void Email(string email, string field)
    {
        Text(email, field, CustomerOptions.MaxEmailLength);
        var at = email.IndexOf('@', StringComparison.Ordinal);
        if (email.Length > 0 && (at <= 0 || at == email.Length - 1 || email.IndexOf('@', at + 1) >= 0 || email.Any(char.IsWhiteSpace)))
        {
            throw new ArgumentException("must be an e-mail address with one '@' and no spaces", field);
        }
    }

    /// <summary>A phone number: "" or at most 32 characters with at least 6 digits.</summary>
    public static void Phone(string phone, string field)
    {
        Text(phone, field, CustomerOptions.MaxPhoneLength);
        if (phone.Length > 0 && phone.Count(char.IsAsciiDigit) < 6)
        {
            throw new ArgumentException("must be a phone number with at least 6 digits", field);
        }
    }

    /// <summary>Optional text: at most <paramref name="max"/> characters, no control characters.</summary>
    public static void Text(string value, string field, int max)
    {
        if (value.Length > max)
        {
            throw new ArgumentException($"must be at most {max} characters, was {value.Length}", field);
        }

        if (value.Any(char.IsControl))
        {
            throw new ArgumentException("must not contain control characters (newlines, tabs, NUL)", field);
        }
    }

    /// <summary>Required text: 1 to <paramref name="max"/> characters, not only spaces, no control characters.</summary>
    public static void RequiredText(string value, string field, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException("is required", field);
        }

        Text(value, field, max);
    }

    private static void Language(string language, string field)
    {
        Text(language, field, MaxLanguageLength);
        if (language.Length > 0 && !language.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            throw new ArgumentException("must be a BCP 47 language tag such as de-DE", field);
        }
    }

    private static void Addresses(List<CustomerAddress> addresses, string field)
    {
        if (addresses.Count > CustomerOptions.MaxAddresses)
        {
            throw new ArgumentException($"at most {CustomerOptions.MaxAddresses} addresses, {addresses.Count} were given", field);
        }

        var labels = new HashSet<string>(StringComparer.Ordinal);
        bool shipping = false, billing = false;
        for (var i = 0; i < addresses.Count; i++)
        {
            var entry = addresses[i];
            var at = $"{field}[{i}]";
            RequiredText(entry.Label, at + ".label", MaxLabelLength);
            if (!labels.Add(entry.Label.Trim()))
            {
                throw new ArgumentException("repeats the label of an earlier address; labels are unique", at + ".label");
            }

            Address(entry.Address, at + ".address");
            if ((entry.DefaultShipping && shipping) || (entry.DefaultBilling && billing))
            {
                throw new ArgumentException("a second default address of the same kind; at most one default shipping and one default billing address", at);
            }

            shipping |= entry.DefaultShipping;
            billing |= entry.DefaultBilling;
        }
    }

    private static void Address(PostalAddress address, string field)
    {
        Text(address.Name, field + ".name", CustomerOptions.MaxNameLength);
        Text(address.Street, field + ".street", MaxStreetLength);
        Text(address.PostalCode, field + ".postal_code", MaxPostalCodeLength);
        Text(address.City, field + ".city", MaxCityLength);
        if (address.Country.Length != 2 || !address.Country.All(char.IsAsciiLetterUpper))
        {
            throw new ArgumentException("must be an ISO 3166-1 alpha-2 code such as DE (two upper-case letters)", field + ".country");
        }
    }

    private static void Consents(List<Consent> consents, string field)
    {
        if (consents.Count > CustomerOptions.MaxConsents)
        {
            throw new ArgumentException($"at most {CustomerOptions.MaxConsents} consents, {consents.Count} were given", field);
        }

        var purposes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < consents.Count; i++)
        {
            var at = $"{field}[{i}]";
            RequiredText(consents[i].Purpose, at + ".purpose", MaxPurposeLength);
            if (!purposes.Add(consents[i].Purpose.Trim()))
            {
                throw new ArgumentException("repeats the purpose of an earlier consent; purposes are unique", at + ".purpose");
            }

            Text(consents[i].Source, at + ".source", MaxSourceLength);
        }
    }
}

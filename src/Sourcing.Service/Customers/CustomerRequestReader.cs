using System.Security.Cryptography;
using Google.Protobuf;
using Sourcing.Orders;
using Sourcing.Orders.Customers;
using Sourcing.Service.Errors;
using Sourcing.Service.Inventory;
using Sourcing.Service.Orders;
using Sourcing.Service.Sourcing;
using Proto = Sourcing.V1;

namespace Sourcing.Service.Customers;

/// <summary>
/// Checks CustomerService requests field by field (every problem at once, named as in the proto) before anything is
/// read or changed, and turns them into the directory's commands. Every string, number and list has a bound. The
/// messages never quote a personal value back (a name, an address): they say what is wrong with it.
/// </summary>
internal static class CustomerRequestReader
{
    public const int MaxCustomerIdLength = SourcingRequestReader.MaxCustomerIdLength;
    public const int MaxIdentityValueLength = 128;
    public const int MaxShortText = 64;
    public const int MaxLanguageLength = 35;
    public const int MaxTimelinePageSize = 100;
    public const int MaxSearchPageSize = 50;
    public const int MaxTimelineTokenLength = 512;
    public const int MaxSearchTokenLength = 64;

    public static void Validate(Action<ProblemList> check)
    {
        var problems = new ProblemList();
        check(problems);
        problems.ThrowIfAny();
    }

    /// <summary>A customer id; empty allowed where a customer token may mean itself (checked by the access).</summary>
    public static void CustomerId(ProblemList problems, string field, string value, bool mayBeEmpty)
    {
        if (mayBeEmpty && value.Length == 0)
        {
            return;
        }

        problems.RequiredText(field, value, MaxCustomerIdLength);
    }

    public static void Reason(ProblemList problems, string value) => problems.RequiredText("reason", value, CustomerOptions.MaxReasonLength);

    /// <summary>Everything of the request but its id, hashed: the same registration under the same id is a repeat.</summary>
    public static string Fingerprint(Proto.RegisterCustomerRequest request)
    {
        var withoutId = request.Clone();
        withoutId.RequestId = "";
        return Convert.ToHexString(SHA256.HashData(withoutId.ToByteArray()));
    }

    /// <summary>The contact data and the identities in the request's order (scopes as given: the access checks them).</summary>
    public static (ContactData Contact, List<NewIdentity> Identities) Register(ProblemList problems, Proto.RegisterCustomerRequest request, DateTimeOffset now)
    {
        problems.RequestId("request_id", request.RequestId, StockLedger.MaxRequestIdLength);
        var contact = Contact(problems, "contact", request.Contact, now);
        problems.Count("identities", request.Identities.Count, 0, CustomerOptions.MaxIdentitiesPerCustomer);
        var identities = new List<NewIdentity>();
        for (var i = 0; i < request.Identities.Count && i < CustomerOptions.MaxIdentitiesPerCustomer && problems.Count < 100; i++)
        {
            var identity = Identity(problems, $"identities[{i}]", request.Identities[i]);
            if (identity is not null)
            {
                identities.Add(identity);
            }
        }

        problems.OptionalText("segment", request.Segment, MaxShortText);
        return (contact, identities);
    }

    /// <summary>An identity as given (scope checked against the caller later); null when its kind is bad.</summary>
    public static NewIdentity? Identity(ProblemList problems, string field, Proto.CustomerIdentityInput? identity)
    {
        if (identity is null)
        {
            problems.Add(field, "is required: kind and value");
            return null;
        }

        var kind = IdentityKindOf(identity.Kind);
        if (kind is null)
        {
            problems.Add(field + ".kind", $"must be account, marketplace buyer, loyalty card, phone or e-mail, was {identity.Kind}");
        }

        IdentityValue(problems, field + ".value", kind, identity.Value);
        if (kind is IdentityKind.Account or IdentityKind.MarketplaceBuyer)
        {
            if (identity.Scope.Length > 0)
            {
                problems.LocationId(field + ".scope", identity.Scope);
            }
        }
        else if (kind is not null && identity.Scope.Length > 0)
        {
            problems.Add(field + ".scope", "must be empty: only account and marketplace buyer identities belong to a channel");
        }

        return kind is null ? null : new NewIdentity(kind.Value, identity.Scope, identity.Value);
    }

    /// <summary>1-128 characters without control characters; a phone number with at least 6 digits, an e-mail address with an '@'.</summary>
    public static void IdentityValue(ProblemList problems, string field, IdentityKind? kind, string value)
    {
        var before = problems.Count;
        problems.RequiredText(field, value, MaxIdentityValueLength);
        if (problems.Count > before)
        {
            return;
        }

        if (kind == IdentityKind.Phone && value.Count(char.IsAsciiDigit) < 6)
        {
            problems.Add(field, "is not a phone number: at least 6 digits");
        }
        else if (kind == IdentityKind.Email && !IsEmail(value))
        {
            problems.Add(field, "is not an e-mail address: one '@' with text on both sides");
        }
    }

    public static IdentityKind? IdentityKindOf(Proto.IdentityKind kind) => kind switch
    {
        Proto.IdentityKind.Account => IdentityKind.Account,
        Proto.IdentityKind.MarketplaceBuyer => IdentityKind.MarketplaceBuyer,
        Proto.IdentityKind.LoyaltyCard => IdentityKind.LoyaltyCard,
        Proto.IdentityKind.Phone => IdentityKind.Phone,
        Proto.IdentityKind.Email => IdentityKind.Email,
        _ => null,
    };

    public static ContactData Contact(ProblemList problems, string field, Proto.ContactData? contact, DateTimeOffset now)
    {
        contact ??= new Proto.ContactData();
        problems.OptionalText(field + ".given_name", contact.GivenName, CustomerOptions.MaxNameLength);
        problems.OptionalText(field + ".family_name", contact.FamilyName, CustomerOptions.MaxNameLength);
        problems.OptionalText(field + ".company_name", contact.CompanyName, CustomerOptions.MaxNameLength);
        var before = problems.Count;
        problems.OptionalText(field + ".email", contact.Email, CustomerOptions.MaxEmailLength);
        if (problems.Count == before && contact.Email.Length > 0 && !IsEmail(contact.Email))
        {
            problems.Add(field + ".email", "is not an e-mail address: one '@' with text on both sides");
        }

        before = problems.Count;
        problems.OptionalText(field + ".phone", contact.Phone, CustomerOptions.MaxPhoneLength);
        if (problems.Count == before && contact.Phone.Length > 0 && contact.Phone.Count(char.IsAsciiDigit) < 6)
        {
            problems.Add(field + ".phone", "is not a phone number: at least 6 digits");
        }

        var preferred = ContactChannelOf(contact.PreferredChannel);
        if (preferred is null)
        {
            problems.Add(field + ".preferred_channel", $"unknown contact channel {contact.PreferredChannel}");
        }

        problems.OptionalText(field + ".language", contact.Language, MaxLanguageLength);
        problems.Count(field + ".addresses", contact.Addresses.Count, 0, CustomerOptions.MaxAddresses);
        var labels = new HashSet<string>(StringComparer.Ordinal);
        var addresses = new List<CustomerAddress>();
        for (var i = 0; i < contact.Addresses.Count && i < CustomerOptions.MaxAddresses && problems.Count < 100; i++)
        {
            var entry = contact.Addresses[i];
            var path = $"{field}.addresses[{i}]";
            problems.RequiredText(path + ".label", entry.Label, MaxShortText);
            if (entry.Label.Length > 0 && !labels.Add(entry.Label))
            {
                problems.Add(path + ".label", "repeats the label of an earlier address; labels are unique");
            }

            addresses.Add(new CustomerAddress
            {
                Label = entry.Label,
                Address = Address(problems, path + ".address", entry.Address),
                DefaultShipping = entry.DefaultShipping,
                DefaultBilling = entry.DefaultBilling,
            });
        }

        problems.Count(field + ".consents", contact.Consents.Count, 0, CustomerOptions.MaxConsents);
        var purposes = new HashSet<string>(StringComparer.Ordinal);
        var consents = new List<Consent>();
        for (var i = 0; i < contact.Consents.Count && i < CustomerOptions.MaxConsents && problems.Count < 100; i++)
        {
            var entry = contact.Consents[i];
            var path = $"{field}.consents[{i}]";
            problems.RequiredText(path + ".purpose", entry.Purpose, MaxShortText);
            if (entry.Purpose.Length > 0 && !purposes.Add(entry.Purpose))
            {
                problems.Add(path + ".purpose", "repeats the purpose of an earlier consent; purposes are unique");
            }

            problems.OptionalText(path + ".source", entry.Source, MaxShortText);
            var at = entry.At is null ? now : OrderRequestReader.Time(problems, path + ".at", entry.At, now);
            consents.Add(new Consent { Purpose = entry.Purpose, Granted = entry.Granted, At = at, Source = entry.Source });
        }

        return new ContactData
        {
            GivenName = contact.GivenName,
            FamilyName = contact.FamilyName,
            CompanyName = contact.CompanyName,
            Email = contact.Email,
            Phone = contact.Phone,
            PreferredChannel = preferred ?? ContactChannel.None,
            Language = contact.Language,
            Addresses = addresses,
            Consents = consents,
        };
    }

    private static PostalAddress Address(ProblemList problems, string field, Proto.PostalAddress? address)
    {
        address ??= new Proto.PostalAddress();
        problems.OptionalText(field + ".name", address.Name, 128);
        problems.OptionalText(field + ".street", address.Street, 256);
        problems.OptionalText(field + ".postal_code", address.PostalCode, SourcingRequestReader.MaxPostalCodeLength);
        problems.OptionalText(field + ".city", address.City, 128);
        var country = address.Country.Length == 0 ? "DE" : address.Country;
        if (country.Length != 2 || !country.All(char.IsAsciiLetterUpper))
        {
            problems.Add(field + ".country", "is an ISO 3166-1 alpha-2 code such as DE (two upper-case letters), or empty for DE");
        }

        return new PostalAddress { Name = address.Name, Street = address.Street, PostalCode = address.PostalCode, City = address.City, Country = country };
    }

    public static ContactChannel? ContactChannelOf(Proto.ContactChannel channel) => channel switch
    {
        Proto.ContactChannel.Unspecified => ContactChannel.None,
        Proto.ContactChannel.Email => ContactChannel.Email,
        Proto.ContactChannel.Phone => ContactChannel.Phone,
        Proto.ContactChannel.Sms => ContactChannel.Sms,
        Proto.ContactChannel.Post => ContactChannel.Post,
        _ => null,
    };

    public static int? ExpectedContactVersion(ProblemList problems, Proto.UpdateContactDataRequest request)
    {
        if (!request.HasExpectedContactVersion)
        {
            return null;
        }

        problems.InRange("expected_contact_version", request.ExpectedContactVersion, 1, int.MaxValue);
        return request.ExpectedContactVersion;
    }

    public static void Classify(ProblemList problems, Proto.ClassifyCustomerRequest request)
    {
        CustomerId(problems, "customer_id", request.CustomerId, mayBeEmpty: false);
        if (request.HasSegment)
        {
            problems.OptionalText("segment", request.Segment, MaxShortText);
        }

        if (!request.HasSegment && !request.HasVip)
        {
            problems.Add("segment", "segment or vip (or both) must be set: there is nothing to change");
        }

        Reason(problems, request.Reason);
    }

    public static void Merge(ProblemList problems, Proto.MergeCustomersRequest request)
    {
        CustomerId(problems, "survivor_id", request.SurvivorId, mayBeEmpty: false);
        CustomerId(problems, "merged_id", request.MergedId, mayBeEmpty: false);
        if (request.SurvivorId.Length > 0 && request.SurvivorId == request.MergedId)
        {
            problems.Add("merged_id", "must differ from survivor_id: a customer is not merged into itself");
        }

        Reason(problems, request.Reason);
    }

    /// <summary>0 means the default; a caller's page size never exceeds <paramref name="max"/>.</summary>
    public static int PageSize(ProblemList problems, string field, int value, int max, int defaultSize)
    {
        problems.InRange(field, value, 0, max);
        return value == 0 ? defaultSize : value;
    }

    public static void PageToken(ProblemList problems, string field, string value, int maxLength)
    {
        if (value.Length > maxLength || value.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '=')))
        {
            problems.Add(field, "is not a token this service gave out");
        }
    }

    public static CustomerSearchField? SearchFieldOf(Proto.CustomerSearchField field) => field switch
    {
        Proto.CustomerSearchField.Any => CustomerSearchField.Any,
        Proto.CustomerSearchField.Name => CustomerSearchField.Name,
        Proto.CustomerSearchField.Email => CustomerSearchField.Email,
        Proto.CustomerSearchField.Phone => CustomerSearchField.Phone,
        Proto.CustomerSearchField.PostalCode => CustomerSearchField.PostalCode,
        Proto.CustomerSearchField.OrderNumber => CustomerSearchField.OrderNumber,
        Proto.CustomerSearchField.InvoiceNumber => CustomerSearchField.InvoiceNumber,
        Proto.CustomerSearchField.RmaNumber => CustomerSearchField.RmaNumber,
        _ => null,
    };

    public static CustomerSearchField Search(ProblemList problems, Proto.SearchCustomersRequest request)
    {
        problems.RequiredText("query", request.Query, CustomerOptions.MaxSearchTextLength);
        var field = SearchFieldOf(request.Field);
        if (field is null)
        {
            problems.Add("field", $"must be any, name, e-mail, phone, postal code, order number, invoice number or RMA number, was {request.Field}");
        }

        problems.InRange("page_size", request.PageSize, 0, MaxSearchPageSize);
        PageToken(problems, "page_token", request.PageToken, MaxSearchTokenLength);
        return field ?? CustomerSearchField.Any;
    }

    private static bool IsEmail(string value)
    {
        var at = value.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at < value.Length - 1 && value.IndexOf('@', at + 1) < 0;
    }
}

using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Sourcing.Orders;
using Sourcing.Orders.Customers;
using Sourcing.Orders.Customers.Overview;
using Sourcing.Orders.Customers.Privacy;
using Sourcing.Orders.Customers.Search;
using Sourcing.Service.Billing;
using Sourcing.Service.Orders;
using Sourcing.Service.Returns;
using Proto = Sourcing.V1;

namespace Sourcing.Service.Customers;

/// <summary>The customer domain's values as CustomerService messages: proto types stop here.</summary>
internal static class CustomerMapping
{
    /// <param name="withContactHistory">Earlier contact versions are shown to agents and operations only.</param>
    public static Proto.CustomerProfile ToProto(StoredCustomer stored, bool withContactHistory)
    {
        var document = stored.Document;
        var message = new Proto.CustomerProfile
        {
            CustomerId = document.CustomerId,
            Version = stored.Version,
            Status = ToProto(document.Status),
            MergedInto = document.MergedInto,
            MergedFrom = { document.MergedFrom },
            Segment = document.Segment,
            Vip = document.Vip,
            CreatedAt = Time(document.CreatedAt),
            CreatedBy = document.CreatedBy,
            CreatedVia = document.CreatedVia,
            UpdatedAt = Time(document.UpdatedAt),
            Contact = ToProto(document.Contact),
            ContactVersion = document.ContactVersion,
            Identities = { document.Identities.Select(ToProto) },
            Merges = { document.Merges.Select(ToProto) },
            Events = { document.Events.Select(e => new Proto.CustomerRecordEvent { Type = e.Type, At = Time(e.At), Actor = e.Actor, Detail = e.Detail }) },
            ErasedAt = document.ErasedAt is { } erased ? Time(erased) : null,
        };
        if (withContactHistory)
        {
            message.ContactHistory.AddRange(document.ContactHistory.Select(v => new Proto.ContactVersion
            {
                Version = v.Version, Contact = ToProto(v.Contact), ChangedAt = Time(v.ChangedAt), ChangedBy = v.ChangedBy,
            }));
        }

        return message;
    }

    public static Proto.CustomerStatus ToProto(CustomerStatus status) => status switch
    {
        CustomerStatus.Active => Proto.CustomerStatus.Active,
        CustomerStatus.Merged => Proto.CustomerStatus.Merged,
        CustomerStatus.Erased => Proto.CustomerStatus.Erased,
        _ => Proto.CustomerStatus.Unspecified,
    };

    public static Proto.IdentityKind ToProto(IdentityKind kind) => kind switch
    {
        IdentityKind.Account => Proto.IdentityKind.Account,
        IdentityKind.MarketplaceBuyer => Proto.IdentityKind.MarketplaceBuyer,
        IdentityKind.LoyaltyCard => Proto.IdentityKind.LoyaltyCard,
        IdentityKind.Phone => Proto.IdentityKind.Phone,
        IdentityKind.Email => Proto.IdentityKind.Email,
        _ => Proto.IdentityKind.Unspecified,
    };

    public static Proto.CustomerIdentity ToProto(CustomerIdentity identity) => new()
    {
        Kind = ToProto(identity.Kind), Scope = identity.Scope, Value = identity.Value, AddedAt = Time(identity.AddedAt), AddedBy = identity.AddedBy,
    };

    public static Proto.ContactData ToProto(ContactData contact) => new()
    {
        GivenName = contact.GivenName,
        FamilyName = contact.FamilyName,
        CompanyName = contact.CompanyName,
        Email = contact.Email,
        Phone = contact.Phone,
        PreferredChannel = contact.PreferredChannel switch
        {
            ContactChannel.Email => Proto.ContactChannel.Email,
            ContactChannel.Phone => Proto.ContactChannel.Phone,
            ContactChannel.Sms => Proto.ContactChannel.Sms,
            ContactChannel.Post => Proto.ContactChannel.Post,
            _ => Proto.ContactChannel.Unspecified,
        },
        Language = contact.Language,
        Addresses =
        {
            contact.Addresses.Select(a => new Proto.CustomerAddress
            {
                Label = a.Label,
                Address = new Proto.PostalAddress
                {
                    Name = a.Address.Name, Street = a.Address.Street, PostalCode = a.Address.PostalCode, City = a.Address.City, Country = a.Address.Country,
                },
                DefaultShipping = a.DefaultShipping,
                DefaultBilling = a.DefaultBilling,
            }),
        },
        Consents = { contact.Consents.Select(c => new Proto.Consent { Purpose = c.Purpose, Granted = c.Granted, At = Time(c.At), Source = c.Source }) },
    };

    private static Proto.CustomerMerge ToProto(CustomerMerge merge) => new()
    {
        SurvivorId = merge.SurvivorId,
        At = Time(merge.At),
        By = merge.By,
        Reason = merge.Reason,
        IdentitiesMoved = { merge.IdentitiesMoved.Select(ToProto) },
        Repointed = { merge.Repointed },
        UndoUntil = Time(merge.UndoUntil),
        UndoneAt = merge.UndoneAt is { } undone ? Time(undone) : null,
        UndoneBy = merge.UndoneBy,
    };

    public static Proto.CustomerOverview ToProto(CustomerOverview overview, bool withContactHistory)
    {
        var message = new Proto.CustomerOverview
        {
            Customer = ToProto(overview.Customer, withContactHistory),
            MergedCustomerIds = { overview.CustomerIds.Skip(1) },
            Facts = ToProto(overview.Facts, overview.Orders.Count > 0 ? overview.Orders[0].Document.Currency : "EUR"),
            Orders = { overview.Orders.Select(ToProto) },
            OrdersTotal = overview.OrdersTotal,
            Accounts = { overview.Accounts.Select(BillingMapping.ToProto) },
            Documents = { overview.Documents.Select(BillingMapping.ToProto) },
            Payments = { overview.Payments.Select(BillingMapping.ToProto) },
            Timeline = ToProto(overview.Timeline),
            Erased = overview.Erased,
        };
        return overview.Erased ? WithoutRetainedPersonalData(message) : message;
    }

    /// <summary>
    /// An erased customer's invoices and credit notes keep the buyer's name and address, and bank payments the payer's,
    /// for their legal retention: finance still reads them whole (GetDocument). The overview, which agents and the
    /// customer's channels read, shows their numbers and amounts only.
    /// </summary>
    private static Proto.CustomerOverview WithoutRetainedPersonalData(Proto.CustomerOverview message)
    {
        foreach (var document in message.Documents.Concat(message.Accounts.SelectMany(a => a.CreditNotes)))
        {
            document.Buyer = new Proto.BillingParty { Name = "erased", Country = document.Buyer?.Country ?? "" };
        }

        foreach (var payment in message.Payments.Concat(message.Accounts.SelectMany(a => a.Payments)))
        {
            payment.PayerName = "";
            payment.RemittanceInfo = "";
        }

        return message;
    }

    /// <summary>The order as GetOrder shows it, without its history (the timeline has the events), and its returns in full.</summary>
    private static Proto.CustomerOrder ToProto(Order order) => new()
    {
        Order = OrderMapping.ToProto(order, []),
        Returns = { order.Document.Returns.Select(r => ReturnMapping.ToProto(order, r)) },
    };

    private static Proto.CustomerFactsView ToProto(CustomerFacts facts, string currency) => new()
    {
        Currency = currency,
        Segment = facts.Segment,
        Vip = facts.Vip,
        OrdersCount = facts.OrdersCount,
        LifetimeValueMinor = facts.LifetimeValueMinor,
        ReturnRateBasisPoints = facts.ReturnRateBasisPoints,
        UnitsShipped = facts.UnitsShipped,
        UnitsReturned = facts.UnitsReturned,
    };

    public static Proto.CustomerTimelinePage ToProto(TimelinePage page) => new()
    {
        Entries =
        {
            page.Entries.Select(e => new Proto.TimelineEntry
            {
                At = Time(e.At),
                Source = e.Source switch
                {
                    TimelineSource.Order => Proto.TimelineSource.Order,
                    TimelineSource.Customer => Proto.TimelineSource.Customer,
                    TimelineSource.Document => Proto.TimelineSource.Document,
                    TimelineSource.Payment => Proto.TimelineSource.Payment,
                    _ => Proto.TimelineSource.Unspecified,
                },
                Type = e.Type,
                Subject = e.Subject,
                Channel = e.Channel,
                Actor = e.Actor,
                Summary = e.Summary,
            }),
        },
        NextPageToken = page.NextPageToken ?? "",
    };

    public static Proto.SearchCustomersResponse ToProto(CustomerSearchPage page) => new()
    {
        Results =
        {
            page.Results.Select(r => new Proto.CustomerSearchResult
            {
                CustomerId = r.CustomerId,
                DisplayName = r.DisplayName,
                Email = r.Email,
                Phone = r.Phone,
                PostalCode = r.PostalCode,
                City = r.City,
                MatchedField = ToProto(r.MatchedField),
                Score = r.Score,
            }),
        },
        NextPageToken = page.NextPageToken ?? "",
    };

    public static Proto.CustomerSearchField ToProto(CustomerSearchField field) => field switch
    {
        CustomerSearchField.Any => Proto.CustomerSearchField.Any,
        CustomerSearchField.Name => Proto.CustomerSearchField.Name,
        CustomerSearchField.Email => Proto.CustomerSearchField.Email,
        CustomerSearchField.Phone => Proto.CustomerSearchField.Phone,
        CustomerSearchField.PostalCode => Proto.CustomerSearchField.PostalCode,
        CustomerSearchField.OrderNumber => Proto.CustomerSearchField.OrderNumber,
        CustomerSearchField.InvoiceNumber => Proto.CustomerSearchField.InvoiceNumber,
        CustomerSearchField.RmaNumber => Proto.CustomerSearchField.RmaNumber,
        _ => Proto.CustomerSearchField.Unspecified,
    };

    public static Proto.CustomerDataExport ToProto(string customerId, byte[] json) => new()
    {
        // A channel's customer id may hold any printable character; a file name keeps the safe ones.
        FileName = $"customer-{new string(customerId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray())}.json",
        ContentType = "application/json",
        Data = ByteString.CopyFrom(json),
    };

    public static Proto.EraseCustomerResponse ToProto(ErasureResult result) => new()
    {
        CustomerId = result.CustomerId,
        ErasedAt = Time(result.ErasedAt),
        OrdersPseudonymised = result.OrdersPseudonymised,
        InvoicesRetained = result.InvoicesRetained,
        RetainedUntil = result.RetainedUntil?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    private static Timestamp Time(DateTimeOffset value) => Timestamp.FromDateTimeOffset(value);
}

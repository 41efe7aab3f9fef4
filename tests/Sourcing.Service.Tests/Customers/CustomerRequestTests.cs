using Google.Protobuf.WellKnownTypes;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Customers;

/// <summary>
/// CustomerService's bad input through the real host: every field of every RPC, each INVALID_ARGUMENT naming the
/// field (google.rpc.BadRequest), and CreateOrder's customer identity.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class CustomerRequestTests(RedisFixture redis)
{
    private static readonly string Long129 = new('x', 129);

    private static RegisterCustomerRequest Registration() => new()
    {
        RequestId = "reg-1",
        Contact = new ContactData
        {
            GivenName = "Anna",
            FamilyName = "Schmidt",
            Email = "anna@example.org",
            Phone = "+49 30 5550123",
            Addresses = { new CustomerAddress { Label = "home", Address = new PostalAddress { Name = "Anna Schmidt", Street = "Linienstraße 1", PostalCode = "10115", City = "Berlin" } } },
            Consents = { new Consent { Purpose = "marketing_email", Granted = true, Source = "web" } },
        },
        Identities = { new CustomerIdentityInput { Kind = IdentityKind.LoyaltyCard, Value = "LC-1001" } },
        Segment = "consumer",
    };

    [Fact]
    public async Task RegisterCustomer_BadFields_AreInvalidArgumentNamingEachField()
    {
        await using var bed = await CustomerTestBed.StartAsync(redis, inMemory: true);
        var cases = new (string Field, Action<RegisterCustomerRequest> Spoil)[]
        {
            ("request_id", r => r.RequestId = ""),
            ("request_id", r => r.RequestId = "has space"),
            ("request_id", r => r.RequestId = Long129),
            ("contact.given_name", r => r.Contact.GivenName = Long129),
            ("contact.given_name", r => r.Contact.GivenName = "An\nna"),
            ("contact.family_name", r => r.Contact.FamilyName = Long129),
            ("contact.company_name", r => r.Contact.CompanyName = "Acme\u0000"),
            ("contact.email", r => r.Contact.Email = "anna.example.org"),
            ("contact.email", r => r.Contact.Email = "anna@@example.org"),
            ("contact.email", r => r.Contact.Email = new string('a', 250) + "@x.de"),
            ("contact.phone", r => r.Contact.Phone = "030-12"),
            ("contact.phone", r => r.Contact.Phone = new string('1', 33)),
            ("contact.preferred_channel", r => r.Contact.PreferredChannel = (ContactChannel)42),
            ("contact.language", r => r.Contact.Language = new string('d', 36)),
            ("contact.addresses", r => r.Contact.Addresses.AddRange(Enumerable.Range(0, 20).Select(i => new CustomerAddress { Label = "a" + i }))),
            ("contact.addresses[0].label", r => r.Contact.Addresses[0].Label = ""),
            ("contact.addresses[1].label", r => r.Contact.Addresses.Add(new CustomerAddress { Label = "home" })),
            ("contact.addresses[0].address.name", r => r.Contact.Addresses[0].Address.Name = Long129),
            ("contact.addresses[0].address.street", r => r.Contact.Addresses[0].Address.Street = new string('s', 257)),
            ("contact.addresses[0].address.postal_code", r => r.Contact.Addresses[0].Address.PostalCode = new string('1', 17)),
            ("contact.addresses[0].address.city", r => r.Contact.Addresses[0].Address.City = "Ber\tlin"),
            ("contact.addresses[0].address.country", r => r.Contact.Addresses[0].Address.Country = "de"),
            ("contact.consents", r => r.Contact.Consents.AddRange(Enumerable.Range(0, 20).Select(i => new Consent { Purpose = "p" + i }))),
            ("contact.consents[0].purpose", r => r.Contact.Consents[0].Purpose = ""),
            ("contact.consents[1].purpose", r => r.Contact.Consents.Add(new Consent { Purpose = "marketing_email" })),
            ("contact.consents[0].source", r => r.Contact.Consents[0].Source = new string('w', 65)),
            ("contact.consents[0].at", r => r.Contact.Consents[0].At = Timestamp.FromDateTimeOffset(new DateTimeOffset(1990, 1, 1, 0, 0, 0, TimeSpan.Zero))),
            ("identities", r => r.Identities.AddRange(Enumerable.Range(0, 50).Select(i => new CustomerIdentityInput { Kind = IdentityKind.LoyaltyCard, Value = "LC-" + i }))),
            ("identities[0].kind", r => r.Identities[0].Kind = IdentityKind.Unspecified),
            ("identities[0].kind", r => r.Identities[0].Kind = (IdentityKind)42),
            ("identities[0].value", r => r.Identities[0].Value = ""),
            ("identities[0].value", r => r.Identities[0].Value = Long129),
            ("identities[0].value", r => r.Identities[0].Value = "LC\n1"),
            ("identities[0].value", r => r.Identities[0] = new CustomerIdentityInput { Kind = IdentityKind.Phone, Value = "030 12" }),
            ("identities[0].value", r => r.Identities[0] = new CustomerIdentityInput { Kind = IdentityKind.Email, Value = "anna" }),
            ("identities[0].scope", r => r.Identities[0].Scope = "web"),
            ("identities[0].scope", r => r.Identities[0] = new CustomerIdentityInput { Kind = IdentityKind.Account, Scope = "we b", Value = "acc-1" }),
            ("identities[0].scope", r => r.Identities[0] = new CustomerIdentityInput { Kind = IdentityKind.Account, Value = "acc-1" }),
            ("segment", r => r.Segment = new string('s', 65)),
        };
        foreach (var (field, spoil) in cases)
        {
            var request = Registration();
            spoil(request);
            await RpcAssert.InvalidArgumentAsync(field, () => bed.Agent.RegisterCustomerAsync(request).ResponseAsync);
        }
    }

    [Fact]
    public async Task CustomerIdAndReasonFields_BadValues_AreInvalidArgumentNamingEachField()
    {
        await using var bed = await CustomerTestBed.StartAsync(redis, inMemory: true);
        var agent = bed.Agent;
        var cases = new (string Field, Func<Task> Call)[]
        {
            ("customer_id", () => agent.GetCustomerAsync(new GetCustomerRequest()).ResponseAsync),
            ("customer_id", () => agent.GetCustomerAsync(new GetCustomerRequest { CustomerId = Long129 }).ResponseAsync),
            ("customer_id", () => agent.GetCustomerAsync(new GetCustomerRequest { CustomerId = "CUS-1\n" }).ResponseAsync),
            ("customer_id", () => agent.UpdateContactDataAsync(new UpdateContactDataRequest { Contact = new ContactData() }).ResponseAsync),
            ("expected_contact_version", () => agent.UpdateContactDataAsync(new UpdateContactDataRequest { CustomerId = "c", ExpectedContactVersion = 0 }).ResponseAsync),
            ("contact.email", () => agent.UpdateContactDataAsync(new UpdateContactDataRequest { CustomerId = "c", Contact = new ContactData { Email = "x" } }).ResponseAsync),
            ("customer_id", () => agent.AddIdentityAsync(new CustomerIdentityRequest { Identity = new CustomerIdentityInput { Kind = IdentityKind.LoyaltyCard, Value = "L1" } }).ResponseAsync),
            ("identity", () => agent.AddIdentityAsync(new CustomerIdentityRequest { CustomerId = "c" }).ResponseAsync),
            ("identity.kind", () => agent.AddIdentityAsync(new CustomerIdentityRequest { CustomerId = "c", Identity = new CustomerIdentityInput { Value = "L1" } }).ResponseAsync),
            ("identity.value", () => agent.AddIdentityAsync(new CustomerIdentityRequest { CustomerId = "c", Identity = new CustomerIdentityInput { Kind = IdentityKind.Phone, Value = "12" } }).ResponseAsync),
            ("identity.scope", () => agent.AddIdentityAsync(new CustomerIdentityRequest { CustomerId = "c", Identity = new CustomerIdentityInput { Kind = IdentityKind.Account, Value = "a" } }).ResponseAsync),
            ("identity.value", () => agent.RemoveIdentityAsync(new CustomerIdentityRequest { CustomerId = "c", Identity = new CustomerIdentityInput { Kind = IdentityKind.Email, Value = "" } }).ResponseAsync),
            ("identity.scope", () => agent.RemoveIdentityAsync(new CustomerIdentityRequest { CustomerId = "c", Identity = new CustomerIdentityInput { Kind = IdentityKind.Email, Scope = "web", Value = "a@b.de" } }).ResponseAsync),
            ("customer_id", () => agent.ClassifyCustomerAsync(new ClassifyCustomerRequest { Vip = true, Reason = "r" }).ResponseAsync),
            ("segment", () => agent.ClassifyCustomerAsync(new ClassifyCustomerRequest { CustomerId = "c", Segment = new string('s', 65), Reason = "r" }).ResponseAsync),
            ("segment", () => agent.ClassifyCustomerAsync(new ClassifyCustomerRequest { CustomerId = "c", Reason = "nothing to change" }).ResponseAsync),
            ("reason", () => agent.ClassifyCustomerAsync(new ClassifyCustomerRequest { CustomerId = "c", Vip = true }).ResponseAsync),
            ("reason", () => agent.ClassifyCustomerAsync(new ClassifyCustomerRequest { CustomerId = "c", Vip = true, Reason = new string('r', 501) }).ResponseAsync),
            ("survivor_id", () => agent.MergeCustomersAsync(new MergeCustomersRequest { MergedId = "b", Reason = "r" }).ResponseAsync),
            ("merged_id", () => agent.MergeCustomersAsync(new MergeCustomersRequest { SurvivorId = "a", Reason = "r" }).ResponseAsync),
            ("merged_id", () => agent.MergeCustomersAsync(new MergeCustomersRequest { SurvivorId = "a", MergedId = "a", Reason = "r" }).ResponseAsync),
            ("reason", () => agent.MergeCustomersAsync(new MergeCustomersRequest { SurvivorId = "a", MergedId = "b", Reason = "dup\u0000" }).ResponseAsync),
            ("merged_customer_id", () => agent.UndoMergeAsync(new UndoMergeRequest { Reason = "r" }).ResponseAsync),
            ("reason", () => agent.UndoMergeAsync(new UndoMergeRequest { MergedCustomerId = "b" }).ResponseAsync),
            ("customer_id", () => agent.GetCustomerOverviewAsync(new GetCustomerOverviewRequest()).ResponseAsync),
            ("timeline_page_size", () => agent.GetCustomerOverviewAsync(new GetCustomerOverviewRequest { CustomerId = "c", TimelinePageSize = 101 }).ResponseAsync),
            ("timeline_page_size", () => agent.GetCustomerOverviewAsync(new GetCustomerOverviewRequest { CustomerId = "c", TimelinePageSize = -1 }).ResponseAsync),
            ("customer_id", () => agent.ListCustomerTimelineAsync(new ListCustomerTimelineRequest { CustomerId = Long129 }).ResponseAsync),
            ("page_size", () => agent.ListCustomerTimelineAsync(new ListCustomerTimelineRequest { CustomerId = "c", PageSize = 101 }).ResponseAsync),
            ("page_token", () => agent.ListCustomerTimelineAsync(new ListCustomerTimelineRequest { CustomerId = "c", PageToken = "not a token!" }).ResponseAsync),
            ("page_token", () => agent.ListCustomerTimelineAsync(new ListCustomerTimelineRequest { CustomerId = "c", PageToken = new string('A', 513) }).ResponseAsync),
            ("query", () => agent.SearchCustomersAsync(new SearchCustomersRequest { Field = CustomerSearchField.Name }).ResponseAsync),
            ("query", () => agent.SearchCustomersAsync(new SearchCustomersRequest { Query = new string('q', 201), Field = CustomerSearchField.Name }).ResponseAsync),
            ("query", () => agent.SearchCustomersAsync(new SearchCustomersRequest { Query = "Anna\nSchmidt", Field = CustomerSearchField.Name }).ResponseAsync),
            ("field", () => agent.SearchCustomersAsync(new SearchCustomersRequest { Query = "Anna" }).ResponseAsync),
            ("field", () => agent.SearchCustomersAsync(new SearchCustomersRequest { Query = "Anna", Field = (CustomerSearchField)42 }).ResponseAsync),
            ("page_size", () => agent.SearchCustomersAsync(new SearchCustomersRequest { Query = "Anna", Field = CustomerSearchField.Any, PageSize = 51 }).ResponseAsync),
            ("page_token", () => agent.SearchCustomersAsync(new SearchCustomersRequest { Query = "Anna", Field = CustomerSearchField.Any, PageToken = new string('1', 65) }).ResponseAsync),
            ("customer_id", () => agent.ExportCustomerDataAsync(new ExportCustomerDataRequest()).ResponseAsync),
            ("customer_id", () => agent.EraseCustomerAsync(new EraseCustomerRequest { Reason = "GDPR request 1" }).ResponseAsync),
            ("reason", () => agent.EraseCustomerAsync(new EraseCustomerRequest { CustomerId = "c" }).ResponseAsync),
        };
        foreach (var (field, call) in cases)
        {
            await RpcAssert.InvalidArgumentAsync(field, call);
        }
    }

    [Fact]
    public async Task CreateOrder_BadCustomerIdentity_IsInvalidArgumentNamingTheField()
    {
        await using var bed = await CustomerTestBed.StartAsync(redis, inMemory: true);
        var cases = new (string Field, Action<CreateOrderRequest> Spoil)[]
        {
            ("customer", r => r.Customer.Identity = null),
            ("customer.identity.kind", r => r.Customer.Identity.Kind = IdentityKind.Unspecified),
            ("customer.identity.value", r => r.Customer.Identity.Value = ""),
            ("customer.identity.value", r => r.Customer.Identity.Value = Long129),
            ("customer.identity.value", r => r.Customer.Identity.Value = "acc\u00001"),
            ("customer.identity.value", r => r.Customer.Identity = new OrderCustomerIdentity { Kind = IdentityKind.Phone, Value = "030 1" }),
            ("customer.identity.value", r => r.Customer.Identity = new OrderCustomerIdentity { Kind = IdentityKind.Email, Value = "anna.example.org" }),
            ("customer.id", r => r.Customer.Id = Long129),
        };
        foreach (var (field, spoil) in cases)
        {
            var request = CustomerTestBed.OrderFor("bad-id", "web", IdentityKind.Account, "acc-1", "Anna Schmidt", "anna@example.org", "+49 30 5550123", "Linienstraße 1");
            spoil(request);
            await RpcAssert.InvalidArgumentAsync(field, () => bed.WebOrders.CreateOrderAsync(request).ResponseAsync);
        }
    }
}

using Sourcing.Orders.Customers;
using static Sourcing.Orders.Tests.Customers.Directory.DirectoryWorld;

namespace Sourcing.Orders.Tests.Customers.Directory;

public sealed class CustomerRegistrationTests
{
    private readonly DirectoryWorld _world = new();

    [Fact]
    public async Task RegisterAsync_NewRequest_StoresCustomerWithDerivedIdAndNormalisedIdentities()
    {
        var registered = await _world.RegisterAsync("req-1", Web, Account("acc-42"), Phone("030 1234567"), new NewIdentity(IdentityKind.Email, "", " Maria@Example.ORG "));

        Assert.Matches(@"\ACUS-[0-9A-HJKMNP-TV-Z]{12}\z", registered.Document.CustomerId);
        var stored = await _world.DocumentAsync(registered.Document.CustomerId);
        Assert.Equal(CustomerStatus.Active, stored.Status);
        Assert.Equal("web", stored.CreatedVia);
        Assert.Equal(1, stored.ContactVersion);
        Assert.Equal("maria@example.org", stored.Contact.Email);
        Assert.Equal(
            [(IdentityKind.Account, "web", "acc-42"), (IdentityKind.Phone, "", "49301234567"), (IdentityKind.Email, "", "maria@example.org")],
            stored.Identities.Select(i => (i.Kind, i.Scope, i.Value)));
        var registeredEvent = Assert.Single(stored.Events);
        Assert.Equal(CustomerEventTypes.Registered, registeredEvent.Type);
        Assert.DoesNotContain("acc-42", registeredEvent.Detail);
    }

    [Fact]
    public async Task RegisterAsync_AccountWithExplicitScope_KeepsThatScope()
    {
        var registered = await _world.RegisterAsync("req-1", Agent, new NewIdentity(IdentityKind.MarketplaceBuyer, "amazon-de", "A1B2"));

        Assert.Equal(("amazon-de", "A1B2"), (registered.Document.Identities[0].Scope, registered.Document.Identities[0].Value));
    }

    [Fact]
    public async Task RegisterAsync_SameRequestRepeated_AnswersWithTheFirstCustomer()
    {
        var first = await _world.RegisterAsync("req-1", Web, Account("acc-42"));
        var savesAfterFirst = _world.Customers.Saves;

        var repeat = await _world.RegisterAsync("req-1", Web, Account("acc-42"));

        Assert.Equal(first.Document.CustomerId, repeat.Document.CustomerId);
        Assert.Equal(savesAfterFirst, _world.Customers.Saves);
    }

    [Fact]
    public async Task RegisterAsync_SameRequestIdFromAnotherChannel_RegistersAnotherCustomer()
    {
        var web = await _world.RegisterAsync("req-1", Web);
        var store = await _world.RegisterAsync("req-1", Store);

        Assert.NotEqual(web.Document.CustomerId, store.Document.CustomerId);
    }

    [Fact]
    public async Task RegisterAsync_SameRequestIdOtherBody_RefusedAsConflictNothingChanged()
    {
        await _world.RegisterAsync("req-1", Web, Account("acc-42"));
        var before = _world.Customers.Snapshot();

        var refused = await Assert.ThrowsAsync<CustomerRequestConflictException>(() => _world.Directory.RegisterAsync(
            new RegisterCustomerCommand("req-1", "another-body", Contact(given: "Max"), [], ""), Web, CancellationToken.None));

        Assert.Equal("req-1", refused.RequestId);
        Assert.Equal(before, _world.Customers.Snapshot());
    }

    [Fact]
    public async Task RegisterAsync_IdentityOfAnotherCustomer_RefusedNothingSaved()
    {
        var holder = await _world.RegisterAsync("req-1", Store, Loyalty("card-7"));
        var before = _world.Customers.Snapshot();

        var refused = await Assert.ThrowsAsync<IdentityTakenException>(() => _world.RegisterAsync("req-2", Web, Loyalty(" CARD-7 ")));

        Assert.Equal(holder.Document.CustomerId, refused.OwnerId);
        Assert.Equal(before, _world.Customers.Snapshot());
    }

    public static TheoryData<string, RegisterCustomerCommand> BadRegistrations => new()
    {
        { "request_id", new RegisterCustomerCommand("", "fp", Contact(), [], "") },
        { "contact.email", new RegisterCustomerCommand("r", "fp", Contact(email: "maria.example.org"), [], "") },
        { "contact.email", new RegisterCustomerCommand("r", "fp", Contact(email: "a@b@c"), [], "") },
        { "contact.phone", new RegisterCustomerCommand("r", "fp", Contact(phone: "12-34"), [], "") },
        { "contact.given_name", new RegisterCustomerCommand("r", "fp", Contact(given: "Ma\nria"), [], "") },
        { "contact.family_name", new RegisterCustomerCommand("r", "fp", Contact(family: new string('x', 129)), [], "") },
        { "identities[0].value", new RegisterCustomerCommand("r", "fp", Contact(), [Loyalty("  ")], "") },
        { "identities[1].value", new RegisterCustomerCommand("r", "fp", Contact(), [Loyalty("card-1"), Phone("12")], "") },
        { "identities[1]", new RegisterCustomerCommand("r", "fp", Contact(), [Loyalty("card-1"), Loyalty("CARD-1")], "") },
        { "segment", new RegisterCustomerCommand("r", "fp", Contact(), [], new string('s', 65)) },
    };

    [Theory]
    [MemberData(nameof(BadRegistrations))]
    public async Task RegisterAsync_BadField_RefusedNamingTheFieldNothingSaved(string field, RegisterCustomerCommand command)
    {
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => _world.Directory.RegisterAsync(command, Web, CancellationToken.None));

        Assert.Equal(field, refused.ParamName);
        Assert.Equal("", _world.Customers.Snapshot());
    }

    [Fact]
    public async Task RegisterAsync_AccountIdentityWithoutAnyChannel_RefusedNamingTheScope()
    {
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => _world.RegisterAsync("req-1", Agent, Account("acc-1")));

        Assert.Equal("identities[0].scope", refused.ParamName);
    }

    [Fact]
    public async Task RegisterAsync_AddressesWithRepeatedLabelOrBadCountry_RefusedNamingTheAddressField()
    {
        var repeated = Contact();
        repeated.Addresses.Add(new CustomerAddress { Label = "home", Address = new PostalAddress { Country = "DE" } });
        var badCountry = Contact();
        badCountry.Addresses[0].Address.Country = "Germany";

        var first = await Assert.ThrowsAsync<ArgumentException>(() => _world.Directory.RegisterAsync(new RegisterCustomerCommand("r1", "fp", repeated, [], ""), Web, CancellationToken.None));
        var second = await Assert.ThrowsAsync<ArgumentException>(() => _world.Directory.RegisterAsync(new RegisterCustomerCommand("r2", "fp", badCountry, [], ""), Web, CancellationToken.None));

        Assert.Equal("contact.addresses[1].label", first.ParamName);
        Assert.Equal("contact.addresses[0].address.country", second.ParamName);
    }

    [Fact]
    public async Task GetAsync_UnknownId_NotFound()
    {
        var refused = await Assert.ThrowsAsync<CustomerNotFoundException>(() => _world.Directory.GetAsync("nobody", CancellationToken.None));

        Assert.Equal("nobody", refused.CustomerId);
    }
}

using Sourcing.Orders.Customers;
using static Sourcing.Orders.Tests.Customers.Directory.DirectoryWorld;

namespace Sourcing.Orders.Tests.Customers.Directory;

public sealed class ContactAndIdentityTests
{
    private readonly DirectoryWorld _world = new();

    private Task<StoredCustomer> UpdateAsync(string customerId, ContactData contact, int? expected = null) =>
        _world.Directory.UpdateContactAsync(new UpdateContactCommand(customerId, expected, contact), Agent, CancellationToken.None);

    [Fact]
    public async Task UpdateContactAsync_ThreeChanges_HistoryHoldsVersionsOneToThreeEventsWithoutValues()
    {
        var id = (await _world.RegisterAsync("req-1", Web)).Document.CustomerId;

        _world.Clock.Advance(TimeSpan.FromHours(1));
        await UpdateAsync(id, Contact(email: "second@example.org"), expected: 1);
        _world.Clock.Advance(TimeSpan.FromHours(1));
        var moved = Contact(email: "second@example.org");
        moved.Addresses[0].Address.Street = "Neue Str. 9";
        await UpdateAsync(id, moved, expected: 2);
        _world.Clock.Advance(TimeSpan.FromHours(1));
        var saved = await UpdateAsync(id, Contact(given: "Marie", email: "third@example.org", phone: "0171 5555555"), expected: 3);

        var customer = await _world.DocumentAsync(id);
        Assert.Equal(4, customer.ContactVersion);
        Assert.Equal(4, saved.Document.ContactVersion);
        Assert.Equal([1, 2, 3], customer.ContactHistory.Select(v => v.Version));
        Assert.Equal(["maria@example.org", "second@example.org", "second@example.org"], customer.ContactHistory.Select(v => v.Contact.Email));
        Assert.Equal("Neue Str. 9", customer.ContactHistory[2].Contact.Addresses[0].Address.Street);
        Assert.Equal(T0.AddHours(2), customer.ContactHistory[1].ChangedAt);
        Assert.Equal("third@example.org", customer.Contact.Email);
        var details = customer.Events.Where(e => e.Type == CustomerEventTypes.ContactChanged).Select(e => e.Detail).ToList();
        Assert.Equal(["e-mail changed", "addresses changed", "given name, e-mail, phone, addresses changed"], details);
        Assert.DoesNotContain(details, d => d.Contains('@') || d.Contains("Marie") || d.Contains("Str."));
    }

    [Fact]
    public async Task UpdateContactAsync_SameDataAgain_NoNewVersion()
    {
        var id = (await _world.RegisterAsync("req-1", Web)).Document.CustomerId;
        var before = _world.Customers.Snapshot();

        var answer = await UpdateAsync(id, Contact());

        Assert.Equal(1, answer.Document.ContactVersion);
        Assert.Equal(before, _world.Customers.Snapshot());
    }

    [Fact]
    public async Task UpdateContactAsync_StaleExpectedVersion_RefusedNothingChanged()
    {
        var id = (await _world.RegisterAsync("req-1", Web)).Document.CustomerId;
        await UpdateAsync(id, Contact(email: "second@example.org"));
        var before = _world.Customers.Snapshot();

        var refused = await Assert.ThrowsAsync<CustomerStateException>(() => UpdateAsync(id, Contact(email: "stale@example.org"), expected: 1));

        Assert.Equal("CONTACT_VERSION_MISMATCH", refused.Code);
        Assert.Equal(before, _world.Customers.Snapshot());
    }

    [Fact]
    public async Task UpdateContactAsync_MergedCustomer_RefusedNamingTheSurvivor()
    {
        var survivor = (await _world.RegisterAsync("req-1", Web)).Document.CustomerId;
        var merged = (await _world.RegisterAsync("req-2", Web)).Document.CustomerId;
        await _world.Directory.MergeAsync(new MergeCustomersCommand(survivor, merged, "duplicate"), Agent, CancellationToken.None);

        var refused = await Assert.ThrowsAsync<CustomerStateException>(() => UpdateAsync(merged, Contact(email: "x@example.org")));

        Assert.Equal("CUSTOMER_MERGED", refused.Code);
        Assert.Contains(survivor, refused.Message);
    }

    [Fact]
    public async Task UpdateContactAsync_BadConsentsOrTooManyAddresses_RefusedNamingTheField()
    {
        var id = (await _world.RegisterAsync("req-1", Web)).Document.CustomerId;
        var consents = Contact();
        consents.Consents = [new Consent { Purpose = "marketing_email", Granted = true }, new Consent { Purpose = "marketing_email" }];
        var addresses = Contact();
        addresses.Addresses = [.. Enumerable.Range(0, 21).Select(i => new CustomerAddress { Label = "a" + i, Address = new PostalAddress { Country = "DE" } })];
        var before = _world.Customers.Snapshot();

        Assert.Equal("contact.consents[1].purpose", (await Assert.ThrowsAsync<ArgumentException>(() => UpdateAsync(id, consents))).ParamName);
        Assert.Equal("contact.addresses", (await Assert.ThrowsAsync<ArgumentException>(() => UpdateAsync(id, addresses))).ParamName);
        Assert.Equal(before, _world.Customers.Snapshot());
    }

    [Fact]
    public async Task AddIdentityAsync_IdentityOfAnotherCustomer_RefusedNothingChanged()
    {
        var holder = (await _world.RegisterAsync("req-1", Store, Loyalty("card-7"))).Document.CustomerId;
        var other = (await _world.RegisterAsync("req-2", Web)).Document.CustomerId;
        var before = _world.Customers.Snapshot();

        var refused = await Assert.ThrowsAsync<IdentityTakenException>(() => _world.Directory.AddIdentityAsync(other, Loyalty("card-7"), Agent, CancellationToken.None));

        Assert.Equal(holder, refused.OwnerId);
        Assert.Equal(before, _world.Customers.Snapshot());
    }

    [Fact]
    public async Task AddAndRemoveIdentityAsync_LastIdentity_RemovedWithEventsWithoutValues()
    {
        var id = (await _world.RegisterAsync("req-1", Web)).Document.CustomerId;

        await _world.Directory.AddIdentityAsync(id, Phone("030 999888"), Agent, CancellationToken.None);
        Assert.Equal(id, await _world.Customers.FindByIdentityAsync(IdentityKind.Phone, "", "4930999888", CancellationToken.None));
        await _world.Directory.RemoveIdentityAsync(id, Phone("+49 30 999888"), Agent, CancellationToken.None);

        var customer = await _world.DocumentAsync(id);
        Assert.Empty(customer.Identities);
        Assert.Equal(["identity phone added", "identity phone removed"], customer.Events.Skip(1).Select(e => e.Detail));
    }

    [Fact]
    public async Task ClassifyAsync_SegmentAndVip_StoredWithEvent()
    {
        var id = (await _world.RegisterAsync("req-1", Web)).Document.CustomerId;

        await _world.Directory.ClassifyAsync(new ClassifyCustomerCommand(id, "b2b", true, "key account"), Agent, CancellationToken.None);

        var customer = await _world.DocumentAsync(id);
        Assert.Equal(("b2b", true), (customer.Segment, customer.Vip));
        Assert.Equal((CustomerEventTypes.ClassificationChanged, "segment b2b, vip set"), (customer.Events[^1].Type, customer.Events[^1].Detail));
    }
}

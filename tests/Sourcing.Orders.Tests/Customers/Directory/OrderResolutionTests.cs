using Sourcing.Orders.Customers;
using static Sourcing.Orders.Tests.Customers.Directory.DirectoryWorld;

namespace Sourcing.Orders.Tests.Customers.Directory;

public sealed class OrderResolutionTests
{
    private readonly DirectoryWorld _world = new();

    private Task<string> ResolveAsync(OrderDocument order, IdentityKind? kind = null, string value = "") =>
        _world.Directory.ResolveAsync(order, kind is { } k ? new OrderCustomerIdentity(k, value) : null, "order-intake", CancellationToken.None);

    [Fact]
    public async Task ResolveAsync_UnknownIdentityOnly_RegistersCustomerFromTheOrder()
    {
        var order = Order(channel: "store", segment: "b2b");

        var customerId = await ResolveAsync(order, IdentityKind.LoyaltyCard, " card-7 ");

        Assert.Equal(CustomerIds.ForIdentity(IdentityKind.LoyaltyCard, "", "CARD-7"), customerId);
        var customer = await _world.DocumentAsync(customerId);
        Assert.Equal(("Johanna", "Berg", "jo@example.org", "030 7654321"), (customer.Contact.GivenName, customer.Contact.FamilyName, customer.Contact.Email, customer.Contact.Phone));
        Assert.Equal(
            [("shipping", "Ringstr. 5", true, false), ("billing", "Domplatz 2", false, true)],
            customer.Contact.Addresses.Select(a => (a.Label, a.Address.Street, a.DefaultShipping, a.DefaultBilling)));
        Assert.Equal("b2b", customer.Segment);
        Assert.Equal("store", customer.CreatedVia);
        Assert.Equal((IdentityKind.LoyaltyCard, "", "CARD-7"), (customer.Identities[0].Kind, customer.Identities[0].Scope, customer.Identities[0].Value));
        Assert.Equal("registered from order of channel store", Assert.Single(customer.Events).Detail);
    }

    [Fact]
    public async Task ResolveAsync_OrderWithoutBillingName_SplitsTheShippingNameAtTheLastSpace()
    {
        var order = Order();
        order.BillingAddress = new PostalAddress();

        var customer = await _world.DocumentAsync(await ResolveAsync(order, IdentityKind.Phone, "030 7654321"));

        Assert.Equal(("Jo Anne", "Berg"), (customer.Contact.GivenName, customer.Contact.FamilyName));
        var only = Assert.Single(customer.Contact.Addresses);
        Assert.True(only.DefaultShipping && only.DefaultBilling);
    }

    [Fact]
    public async Task ResolveAsync_KnownIdentityOnly_ReturnsItsHolderAndLeavesTheProfile()
    {
        var holder = await _world.RegisterAsync("req-1", Web, Account("acc-42"));
        var before = _world.Customers.Snapshot();

        var customerId = await ResolveAsync(Order(), IdentityKind.Account, "acc-42");

        Assert.Equal(holder.Document.CustomerId, customerId);
        Assert.Equal(before, _world.Customers.Snapshot());
    }

    [Fact]
    public async Task ResolveAsync_AccountIdentityOfAnotherChannel_IsAnotherCustomer()
    {
        var webCustomer = await _world.RegisterAsync("req-1", Web, Account("acc-42"));

        var customerId = await ResolveAsync(Order(channel: "app"), IdentityKind.Account, "acc-42");

        Assert.NotEqual(webCustomer.Document.CustomerId, customerId);
    }

    [Fact]
    public async Task ResolveAsync_IdentityOfMergedCustomer_ReturnsTheSurvivor()
    {
        var survivor = await _world.RegisterAsync("req-1", Web);
        var merged = await _world.RegisterAsync("req-2", Store, Loyalty("card-7"));
        await _world.Directory.MergeAsync(new MergeCustomersCommand(survivor.Document.CustomerId, merged.Document.CustomerId, "same person"), Agent, CancellationToken.None);

        Assert.Equal(survivor.Document.CustomerId, await ResolveAsync(Order(channel: "store"), IdentityKind.LoyaltyCard, "CARD-7"));
    }

    [Fact]
    public async Task ResolveAsync_UnknownIdOnly_RegistersCustomerWithThatId()
    {
        var customerId = await ResolveAsync(Order("cust-1"));

        Assert.Equal("cust-1", customerId);
        var customer = await _world.DocumentAsync("cust-1");
        Assert.Empty(customer.Identities);
        Assert.Equal("Johanna", customer.Contact.GivenName);
    }

    [Fact]
    public async Task ResolveAsync_KnownIdLaterOrder_SameCustomerProfileUnchanged()
    {
        await ResolveAsync(Order("cust-1"));
        var before = _world.Customers.Snapshot();
        var later = Order("cust-1");
        later.Customer.Email = "new@example.org";

        Assert.Equal("cust-1", await ResolveAsync(later));
        Assert.Equal(before, _world.Customers.Snapshot());
    }

    [Fact]
    public async Task ResolveAsync_MergedId_ReturnsTheSurvivor()
    {
        await ResolveAsync(Order("cust-1"));
        await ResolveAsync(Order("cust-2"));
        await _world.Directory.MergeAsync(new MergeCustomersCommand("cust-1", "cust-2", "duplicate"), Agent, CancellationToken.None);

        Assert.Equal("cust-1", await ResolveAsync(Order("cust-2")));
    }

    [Fact]
    public async Task ResolveAsync_ErasedId_RefusedCustomerErased()
    {
        await ResolveAsync(Order("cust-1"));
        await _world.EraseAsync("cust-1");
        var before = _world.Customers.Snapshot();

        var refused = await Assert.ThrowsAsync<CustomerStateException>(() => ResolveAsync(Order("cust-1")));

        Assert.Equal(("CUSTOMER_ERASED", "customer/cust-1"), (refused.Code, refused.Subject));
        Assert.Equal(before, _world.Customers.Snapshot());
    }

    [Fact]
    public async Task ResolveAsync_IdentityOfAnErasedCustomerOnlyIdentity_RegistersANewCustomer()
    {
        var first = await ResolveAsync(Order(channel: "store"), IdentityKind.LoyaltyCard, "card-9");
        await _world.EraseAsync(first);

        var second = await ResolveAsync(Order(channel: "store"), IdentityKind.LoyaltyCard, "card-9");
        var third = await ResolveAsync(Order(channel: "store"), IdentityKind.LoyaltyCard, "card-9");

        Assert.NotEqual(first, second);
        Assert.Equal(second, third);
        Assert.Equal(CustomerIds.ForIdentity(IdentityKind.LoyaltyCard, "", "CARD-9", generation: 1), second);
        Assert.Equal(CustomerStatus.Active, (await _world.DocumentAsync(second)).Status);
        Assert.Equal(CustomerStatus.Erased, (await _world.DocumentAsync(first)).Status);
    }

    [Fact]
    public async Task ResolveAsync_ErasedIdWithIdentity_RefusedCustomerErased()
    {
        await ResolveAsync(Order("cust-1"));
        await _world.EraseAsync("cust-1");

        var refused = await Assert.ThrowsAsync<CustomerStateException>(() => ResolveAsync(Order("cust-1"), IdentityKind.LoyaltyCard, "card-9"));

        Assert.Equal("CUSTOMER_ERASED", refused.Code);
        Assert.Null(await _world.Customers.FindByIdentityAsync(IdentityKind.LoyaltyCard, "", "CARD-9", CancellationToken.None));
    }

    [Fact]
    public async Task ResolveAsync_IdAndUnknownIdentity_AddsTheIdentityToThatCustomer()
    {
        await ResolveAsync(Order("cust-1"));

        Assert.Equal("cust-1", await ResolveAsync(Order("cust-1", channel: "store"), IdentityKind.LoyaltyCard, "card-7"));

        var customer = await _world.DocumentAsync("cust-1");
        Assert.Equal("CARD-7", Assert.Single(customer.Identities).Value);
        var added = customer.Events[^1];
        Assert.Equal(CustomerEventTypes.IdentityAdded, added.Type);
        Assert.DoesNotContain("CARD-7", added.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ResolveAsync_IdAndIdentityOfThatCustomer_ReturnsIt()
    {
        await ResolveAsync(Order("cust-1"), IdentityKind.Phone, "030 7654321");

        Assert.Equal("cust-1", await ResolveAsync(Order("cust-1"), IdentityKind.Phone, "+49 30 7654321"));
    }

    [Fact]
    public async Task ResolveAsync_IdAndIdentityOfAnotherCustomer_RefusedNothingChanged()
    {
        await ResolveAsync(Order("cust-1"));
        await ResolveAsync(Order("cust-2"), IdentityKind.LoyaltyCard, "card-7");
        var before = _world.Customers.Snapshot();

        var refused = await Assert.ThrowsAsync<CustomerStateException>(() => ResolveAsync(Order("cust-1"), IdentityKind.LoyaltyCard, "card-7"));

        Assert.Equal("IDENTITY_BELONGS_TO_ANOTHER_CUSTOMER", refused.Code);
        Assert.Equal(before, _world.Customers.Snapshot());
    }

    [Fact]
    public async Task ResolveAsync_UnknownIdAndIdentityOfAnotherCustomer_RefusedNoCustomerRegistered()
    {
        await ResolveAsync(Order("cust-2"), IdentityKind.LoyaltyCard, "card-7");

        await Assert.ThrowsAsync<CustomerStateException>(() => ResolveAsync(Order("cust-new"), IdentityKind.LoyaltyCard, "card-7"));

        Assert.Null(await _world.Customers.GetAsync("cust-new", CancellationToken.None));
    }

    [Fact]
    public async Task ResolveAsync_EightConcurrentFirstOrdersOfOneIdentity_ConvergeOnOneCustomer()
    {
        var ids = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => ResolveAsync(Order(channel: "store"), IdentityKind.LoyaltyCard, "card-7"))));

        Assert.Single(ids.Distinct());
        Assert.Single(_world.Customers.Snapshot().Split('\n'));
        Assert.Equal(ids[0], await _world.Customers.FindByIdentityAsync(IdentityKind.LoyaltyCard, "", "CARD-7", CancellationToken.None));
    }

    [Fact]
    public async Task ResolveAsync_EightConcurrentFirstOrdersOfOneId_ConvergeOnOneCustomer()
    {
        var ids = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => ResolveAsync(Order("cust-1")))));

        Assert.All(ids, id => Assert.Equal("cust-1", id));
        Assert.Single(_world.Customers.Snapshot().Split('\n'));
    }

    [Fact]
    public async Task ResolveAsync_NoIdNoIdentity_LeavesTheOrderWithoutCustomer()
    {
        Assert.Equal("", await ResolveAsync(Order()));
        Assert.Equal("", _world.Customers.Snapshot());
    }

    [Fact]
    public async Task ResolveAsync_IdentityEmptyOnceNormalised_RefusedNamingTheField()
    {
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => ResolveAsync(Order(), IdentityKind.Phone, "no digits"));

        Assert.Equal("customer.identity.value", refused.ParamName);
    }
}

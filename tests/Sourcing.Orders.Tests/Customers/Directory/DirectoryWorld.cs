using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Sourcing.Orders.Customers;

namespace Sourcing.Orders.Tests.Customers.Directory;

/// <summary>A directory over a customer store in memory, on a clock the test moves.</summary>
internal sealed class DirectoryWorld
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public static readonly CustomerActor Web = new("web-shop", "web");
    public static readonly CustomerActor Store = new("pos-17", "store");
    public static readonly CustomerActor Agent = new("agent:anna", "");

    public DirectoryWorld(CustomerOptions? options = null)
    {
        Options = options ?? new CustomerOptions();
        Directory = new CustomerDirectory(Customers, Clock, Microsoft.Extensions.Options.Options.Create(Options), NullLogger<CustomerDirectory>.Instance);
    }

    public FakeTimeProvider Clock { get; } = new(T0);
    public RecordingCustomerStore Customers { get; } = new();
    public CustomerOptions Options { get; }
    public CustomerDirectory Directory { get; }

    public static ContactData Contact(string given = "Maria", string family = "Müller", string email = "maria@example.org", string phone = "+49 30 1234567") => new()
    {
        GivenName = given,
        FamilyName = family,
        Email = email,
        Phone = phone,
        Addresses = [new CustomerAddress { Label = "home", Address = new PostalAddress { Name = $"{given} {family}", Street = "Hauptstr. 1", PostalCode = "10115", City = "Berlin", Country = "DE" }, DefaultShipping = true, DefaultBilling = true }],
    };

    public Task<StoredCustomer> RegisterAsync(string requestId, CustomerActor actor, params NewIdentity[] identities) =>
        Directory.RegisterAsync(new RegisterCustomerCommand(requestId, "fp-" + requestId, Contact(), identities, ""), actor, CancellationToken.None);

    public static NewIdentity Account(string value) => new(IdentityKind.Account, "", value);

    public static NewIdentity Loyalty(string value) => new(IdentityKind.LoyaltyCard, "", value);

    public static NewIdentity Phone(string value) => new(IdentityKind.Phone, "", value);

    public async Task<CustomerDocument> DocumentAsync(string customerId) =>
        (await Customers.GetAsync(customerId, CancellationToken.None))?.Document ?? throw new InvalidOperationException($"no customer {customerId}");

    /// <summary>Marks a customer erased as privacy's erasure leaves it (no identities, status Erased).</summary>
    public async Task EraseAsync(string customerId)
    {
        var stored = (await Customers.GetAsync(customerId, CancellationToken.None))!;
        stored.Document.Status = CustomerStatus.Erased;
        stored.Document.Identities = [];
        stored.Document.ErasedAt = Clock.GetUtcNow();
        await Customers.SaveAsync([new CustomerChange(stored.Document, stored.Version)], CancellationToken.None);
    }

    public static OrderDocument Order(string customerId = "", string channel = "web", string segment = "consumer") => new()
    {
        OrderId = "O-" + Guid.NewGuid().ToString("N")[..8],
        Channel = channel,
        Customer = new OrderCustomer { Id = customerId, Segment = segment, Email = "jo@example.org", Phone = "030 7654321" },
        ShippingAddress = new PostalAddress { Name = "Jo Anne Berg", Street = "Ringstr. 5", PostalCode = "50667", City = "Köln", Country = "DE" },
        BillingAddress = new PostalAddress { Name = "Johanna Berg", Street = "Domplatz 2", PostalCode = "50668", City = "Köln", Country = "DE" },
    };
}

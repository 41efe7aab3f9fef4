namespace Sourcing.Orders.Customers;

/// <summary>Who asks, and through which channel ("" for agents and operations).</summary>
public sealed record CustomerActor(string Subject, string Channel);

/// <param name="RequestId">A repeat with the same body answers with the customer it created; with another body it is refused.</param>
/// <param name="Segment">"" means none (the default credit limit applies).</param>
public sealed record RegisterCustomerCommand(
    string RequestId,
    string Fingerprint,
    ContactData Contact,
    IReadOnlyList<NewIdentity> Identities,
    string Segment);

/// <param name="Scope">The channel for Account and MarketplaceBuyer identities ("" means the caller's channel).</param>
public sealed record NewIdentity(IdentityKind Kind, string Scope, string Value);

/// <param name="ExpectedContactVersion">The contact version the change was made on; null: whatever is current.</param>
public sealed record UpdateContactCommand(string CustomerId, int? ExpectedContactVersion, ContactData Contact);

/// <param name="Vip">Null leaves it as it is.</param>
/// <param name="Segment">Null leaves it as it is.</param>
public sealed record ClassifyCustomerCommand(string CustomerId, string? Segment, bool? Vip, string Reason);

public sealed record MergeCustomersCommand(string SurvivorId, string MergedId, string Reason);

/// <summary>The survivor and every customer merged into it, as one customer's data is read.</summary>
/// <param name="CustomerIds">The survivor first, then those merged into it.</param>
public sealed record ResolvedCustomer(StoredCustomer Survivor, IReadOnlyList<string> CustomerIds);

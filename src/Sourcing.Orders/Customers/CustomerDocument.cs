namespace Sourcing.Orders.Customers;

// The customer's stored form: plain data, serialized as one document (the customer's row holds it, see ICustomerStore).
// Behaviour and invariants live in Customer; nothing outside this project changes these objects.

public enum CustomerStatus
{
    Active,

    /// <summary>Merged into another customer (<see cref="CustomerDocument.MergedInto"/>): reads follow it there.</summary>
    Merged,

    /// <summary>Personal data pseudonymised on request; the id, orders and invoices stay.</summary>
    Erased,
}

/// <summary>How a channel knows a customer. Account and marketplace buyer ids are a channel's own (scoped by channel).</summary>
public enum IdentityKind
{
    /// <summary>A web shop or app account id, scoped by the channel that issued it.</summary>
    Account,

    /// <summary>A marketplace's buyer id, scoped by the marketplace channel.</summary>
    MarketplaceBuyer,

    /// <summary>A loyalty card number scanned at the store POS (any channel).</summary>
    LoyaltyCard,

    /// <summary>A phone number the call centre knows the customer by (digits, see <see cref="CustomerText.Phone"/>).</summary>
    Phone,

    /// <summary>An e-mail address (lower case).</summary>
    Email,
}

/// <summary>How the customer wants to be reached.</summary>
public enum ContactChannel
{
    None,
    Email,
    Phone,
    Sms,
    Post,
}

public sealed class CustomerDocument
{
    /// <summary>"CUS-" and 12 Crockford base32 characters, or the id a channel named on its first order.</summary>
    public string CustomerId { get; set; } = "";

    public CustomerStatus Status { get; set; }

    /// <summary>The survivor this customer was merged into; "" unless <see cref="CustomerStatus.Merged"/>.</summary>
    public string MergedInto { get; set; } = "";

    /// <summary>The customers merged into this one (directly; a merge re-points a merged customer's own merged ones here).</summary>
    public List<string> MergedFrom { get; set; } = [];

    /// <summary>The merge that made this customer <see cref="CustomerStatus.Merged"/>; kept after an undo, with its undo time.</summary>
    public List<CustomerMerge> Merges { get; set; } = [];

    /// <summary>The customer segment the credit and payment rules read (e.g. "consumer", "b2b"); set by agents.</summary>
    public string Segment { get; set; } = "";

    /// <summary>An agent made this customer a VIP. The facts also count a customer as VIP by lifetime value.</summary>
    public bool Vip { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";

    /// <summary>The channel the customer first came through ("" when an agent registered them).</summary>
    public string CreatedVia { get; set; } = "";

    /// <summary>The fingerprint of the RegisterCustomer request that created it: a repeat with the same body answers with it.</summary>
    public string RequestFingerprint { get; set; } = "";

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The current contact data; <see cref="ContactVersion"/> counts its versions from 1.</summary>
    public ContactData Contact { get; set; } = new();

    public int ContactVersion { get; set; }

    /// <summary>Earlier versions of the contact data, oldest first (the current one is <see cref="Contact"/>).</summary>
    public List<ContactVersionEntry> ContactHistory { get; set; } = [];

    public List<CustomerIdentity> Identities { get; set; } = [];

    /// <summary>What happened to the customer record itself, oldest first; no personal values in it.</summary>
    public List<CustomerEvent> Events { get; set; } = [];

    public DateTimeOffset? ErasedAt { get; set; }
}

public sealed class ContactData
{
    public string GivenName { get; set; } = "";
    public string FamilyName { get; set; } = "";
    public string CompanyName { get; set; } = "";
    public string Email { get; set; } = "";
    public string Phone { get; set; } = "";
    public ContactChannel PreferredChannel { get; set; }

    /// <summary>BCP 47, e.g. "de-DE"; "" when unknown.</summary>
    public string Language { get; set; } = "";

    public List<CustomerAddress> Addresses { get; set; } = [];
    public List<Consent> Consents { get; set; } = [];
}

public sealed class CustomerAddress
{
    /// <summary>The customer's name for it ("home", "office"); unique in the contact data.</summary>
    public string Label { get; set; } = "";

    public PostalAddress Address { get; set; } = new();
    public bool DefaultShipping { get; set; }
    public bool DefaultBilling { get; set; }
}

/// <summary>One consent as last given or withdrawn.</summary>
public sealed class Consent
{
    /// <summary>e.g. "marketing_email", "marketing_sms", "profiling"; unique in the contact data.</summary>
    public string Purpose { get; set; } = "";

    public bool Granted { get; set; }
    public DateTimeOffset At { get; set; }

    /// <summary>Where it was given: a channel id, "call-centre", "store".</summary>
    public string Source { get; set; } = "";
}

/// <summary>A version of the contact data as it was until it was replaced.</summary>
public sealed class ContactVersionEntry
{
    public int Version { get; set; }
    public ContactData Contact { get; set; } = new();
    public DateTimeOffset ChangedAt { get; set; }
    public string ChangedBy { get; set; } = "";
}

public sealed class CustomerIdentity
{
    public IdentityKind Kind { get; set; }

    /// <summary>The channel for <see cref="IdentityKind.Account"/> and <see cref="IdentityKind.MarketplaceBuyer"/>; "" otherwise.</summary>
    public string Scope { get; set; } = "";

    /// <summary>Normalised (<see cref="CustomerText.IdentityValue"/>), so the same identity typed twice is one.</summary>
    public string Value { get; set; } = "";

    public DateTimeOffset AddedAt { get; set; }
    public string AddedBy { get; set; } = "";
}

/// <summary>A merge of this customer into a survivor, as recorded on the merged customer.</summary>
public sealed class CustomerMerge
{
    public string SurvivorId { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public string By { get; set; } = "";
    public string Reason { get; set; } = "";

    /// <summary>The identities that moved to the survivor (an undo moves back those the survivor still has).</summary>
    public List<CustomerIdentity> IdentitiesMoved { get; set; } = [];

    /// <summary>Customers merged into this one earlier, re-pointed at the survivor (an undo points them back).</summary>
    public List<string> Repointed { get; set; } = [];

    public DateTimeOffset UndoUntil { get; set; }
    public DateTimeOffset? UndoneAt { get; set; }
    public string UndoneBy { get; set; } = "";
}

/// <summary>Something that happened to the customer record (see <see cref="CustomerEventTypes"/>).</summary>
/// <param name="Detail">What changed, in words, without personal values ("e-mail, phone changed", "identity loyalty_card added").</param>
public sealed record CustomerEvent(string Type, DateTimeOffset At, string Actor, string Detail);

public static class CustomerEventTypes
{
    public const string Registered = "customer.registered";
    public const string ContactChanged = "customer.contact_changed";
    public const string IdentityAdded = "customer.identity_added";
    public const string IdentityRemoved = "customer.identity_removed";
    public const string ClassificationChanged = "customer.classification_changed";
    public const string Merged = "customer.merged";
    public const string MergeUndone = "customer.merge_undone";
    public const string Erased = "customer.erased";
}

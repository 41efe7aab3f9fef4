namespace Sourcing.Orders.Customers;

/// <summary>
/// Where customers live: PostgreSQL in production, memory in the embedded default; both pass one contract suite. A
/// customer is one document; the store keeps two indexes beside it, both derived from the document on every save:
/// its identities (each (kind, scope, value) belongs to at most one customer) and its search entries
/// (<see cref="CustomerSearchEntry.Of"/>).
/// </summary>
public interface ICustomerStore
{
    Task<StoredCustomer?> GetAsync(string customerId, CancellationToken cancellationToken);

    /// <summary>The customers with these ids that exist, in no particular order.</summary>
    Task<IReadOnlyList<StoredCustomer>> GetManyAsync(IReadOnlyCollection<string> customerIds, CancellationToken cancellationToken);

    /// <summary>The customer holding this identity (value normalised by <see cref="CustomerText.IdentityValue"/>), or null.</summary>
    Task<string?> FindByIdentityAsync(IdentityKind kind, string scope, string value, CancellationToken cancellationToken);

    /// <summary>
    /// Saves the changes in one transaction or none: a change with <see cref="CustomerChange.ExpectedVersion"/> 0
    /// inserts (<see cref="CustomerIdTakenException"/> when the id exists), any other saves only if the stored version
    /// is still that one (<see cref="CustomerConcurrencyException"/>). An identity held by a customer outside the
    /// change is <see cref="IdentityTakenException"/>. Versions are incremented by one per saved change.
    /// </summary>
    Task SaveAsync(IReadOnlyList<CustomerChange> changes, CancellationToken cancellationToken);

    /// <summary>
    /// Customers whose search entries resemble the text (trigram similarity in PostgreSQL, the same measure in
    /// memory; phone entries the digits equal or end, see <c>CustomerSearchTerms</c>), best first, one hit per survivor
    /// with its best entry; erased customers are never found.
    /// </summary>
    Task<IReadOnlyList<CustomerSearchHit>> SearchAsync(CustomerTextQuery query, CancellationToken cancellationToken);

    /// <summary>Whether the store answers (for health checks).</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken);
}

public sealed record StoredCustomer(CustomerDocument Document, long Version);

/// <param name="ExpectedVersion">The version read; 0 for a new customer.</param>
public sealed record CustomerChange(CustomerDocument Document, long ExpectedVersion);

/// <param name="Text">As typed; the store folds it like the entries (<see cref="CustomerText"/>).</param>
/// <param name="Field">Any of Name, Email, Phone, PostalCode; Any looks in all four.</param>
/// <param name="Skip">Hits to skip (the page token's offset).</param>
/// <param name="MinSimilarity">The least score (0..1) a hit needs; pass <see cref="CustomerOptions.SearchMinSimilarity"/>.</param>
public sealed record CustomerTextQuery(string Text, CustomerSearchField Field, int Take, int Skip, double MinSimilarity = 0.3);

/// <param name="Score">0..1, higher is closer (1 for an exact match of a whole entry).</param>
public sealed record CustomerSearchHit(string SurvivorId, CustomerSearchField Field, double Score);

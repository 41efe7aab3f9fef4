using Sourcing.Orders.Customers;

namespace Sourcing.Orders.Storage.InMemory;

/// <summary>
/// Customers in memory: the embedded default. Passes the same contract suite as the PostgreSQL store. Documents are
/// kept serialized, so callers mutating what they read or saved never change the store. One lock: a save checks every
/// change first and applies all or nothing, and the identity and search indexes are rebuilt from the saved documents.
/// </summary>
public sealed class InMemoryCustomerStore : ICustomerStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Stored> _customers = new(StringComparer.Ordinal);
    private readonly Dictionary<IdentityKey, string> _identities = [];

    /// <summary>The document as saved, and beside it what the indexes were derived from it.</summary>
    private sealed record Stored(string Json, long Version, IReadOnlyList<IdentityKey> Identities, IReadOnlyList<CustomerSearchEntry> Entries);

    private readonly record struct IdentityKey(IdentityKind Kind, string Scope, string Value)
    {
        public static IdentityKey Of(CustomerIdentity identity) =>
            new(identity.Kind, identity.Scope, CustomerText.IdentityValue(identity.Kind, identity.Value));
    }

    public Task<StoredCustomer?> GetAsync(string customerId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_customers.TryGetValue(customerId, out var stored) ? Read(stored) : null);
        }
    }

    public Task<IReadOnlyList<StoredCustomer>> GetManyAsync(IReadOnlyCollection<string> customerIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        lock (_gate)
        {
            IReadOnlyList<StoredCustomer> found = customerIds
                .Distinct(StringComparer.Ordinal)
                .Select(id => _customers.TryGetValue(id, out var stored) ? Read(stored) : null)
                .OfType<StoredCustomer>()
                .ToList();
            return Task.FromResult(found);
        }
    }

    public Task<string?> FindByIdentityAsync(IdentityKind kind, string scope, string value, CancellationToken cancellationToken)
    {
        var key = new IdentityKey(kind, scope, CustomerText.IdentityValue(kind, value));
        lock (_gate)
        {
            return Task.FromResult(_identities.TryGetValue(key, out var holder) ? holder : null);
        }
    }

    public Task SaveAsync(IReadOnlyList<CustomerChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var prepared = changes.Select(Prepare).ToList();
        if (prepared.Select(p => p.Id).Distinct(StringComparer.Ordinal).Count() != prepared.Count)
        {
            throw new ArgumentException("A customer appears twice in one save.", nameof(changes));
        }

        if (prepared.Count == 0)
        {
            return Task.CompletedTask;
        }

        lock (_gate)
        {
            // Everything is checked before anything is written, so a refused change leaves every customer as it was.
            foreach (var change in prepared)
            {
                _customers.TryGetValue(change.Id, out var current);
                if (change.ExpectedVersion == 0 && current is not null)
                {
                    throw new CustomerIdTakenException(change.Id);
                }

                if (change.ExpectedVersion != 0 && (current is null || current.Version != change.ExpectedVersion))
                {
                    throw new CustomerConcurrencyException(change.Id);
                }
            }

            var inChange = prepared.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
            var claimed = new Dictionary<IdentityKey, string>();
            foreach (var change in prepared)
            {
                foreach (var key in change.Identities)
                {
                    if (claimed.TryGetValue(key, out var other) && other != change.Id)
                    {
                        throw new IdentityTakenException(key.Kind, key.Scope, key.Value, other);
                    }

                    claimed[key] = change.Id;
                    if (_identities.TryGetValue(key, out var holder) && !inChange.Contains(holder))
                    {
                        throw new IdentityTakenException(key.Kind, key.Scope, key.Value, holder);
                    }
                }
            }

            foreach (var change in prepared)
            {
                if (_customers.TryGetValue(change.Id, out var current))
                {
                    foreach (var key in current.Identities)
                    {
                        _identities.Remove(key);
                    }
                }
            }

            foreach (var change in prepared)
            {
                foreach (var key in change.Identities)
                {
                    _identities[key] = change.Id;
                }

                _customers[change.Id] = new Stored(change.Json, change.ExpectedVersion + 1, change.Identities, change.Entries);
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<CustomerSearchHit>> SearchAsync(CustomerTextQuery query, CancellationToken cancellationToken)
    {
        var terms = CustomerSearchTerms.Of(query);
        List<CustomerSearchEntry> entries;
        lock (_gate)
        {
            entries = _customers.Values.SelectMany(stored => stored.Entries).ToList();
        }

        var best = new Dictionary<string, CustomerSearchHit>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var text = terms.For(entry.Field);
            var phone = entry.Field == CustomerSearchField.Phone;
            if (text.Length == 0 || (phone && terms.PhoneScore(entry.Text) == 0f))
            {
                continue;
            }

            var score = phone ? terms.PhoneScore(entry.Text) : TextScore(text, entry.Text);
            if (score < query.MinSimilarity)
            {
                continue;
            }

            if (!best.TryGetValue(entry.SurvivorId, out var hit) || score > hit.Score || (score == hit.Score && entry.Field < hit.Field))
            {
                best[entry.SurvivorId] = new CustomerSearchHit(entry.SurvivorId, entry.Field, score);
            }
        }

        IReadOnlyList<CustomerSearchHit> page = best.Values
            .OrderByDescending(hit => hit.Score)
            .ThenBy(hit => hit.SurvivorId, StringComparer.Ordinal)
            .Skip(query.Skip)
            .Take(query.Take)
            .ToList();
        return Task.FromResult(page);
    }

    /// <summary>The better of whole-text and partial-input similarity, as the PostgreSQL store's GREATEST(...) scores it.</summary>
    private static float TextScore(string text, string entry) =>
        Math.Max(TrigramSimilarity.Similarity(text, entry), TrigramSimilarity.WordSimilarity(text, entry));

    public Task<bool> PingAsync(CancellationToken cancellationToken) => Task.FromResult(true);

    private static StoredCustomer Read(Stored stored) => new(CustomerJson.Deserialize(stored.Json), stored.Version);

    private static PreparedChange Prepare(CustomerChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(change.Document);
        var id = change.Document.CustomerId;
        if (string.IsNullOrEmpty(id))
        {
            throw new ArgumentException("A customer to save has no id.", nameof(change));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(change.ExpectedVersion, nameof(change.ExpectedVersion));
        var identities = change.Document.Identities.Select(IdentityKey.Of).Distinct().ToList();
        return new PreparedChange(id, change.ExpectedVersion, CustomerJson.Serialize(change.Document), identities, CustomerSearchEntry.Of(change.Document));
    }

    private sealed record PreparedChange(
        string Id, long ExpectedVersion, string Json, IReadOnlyList<IdentityKey> Identities, IReadOnlyList<CustomerSearchEntry> Entries);
}

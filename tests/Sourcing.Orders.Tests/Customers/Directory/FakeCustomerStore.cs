using System.Text.Json;
using Sourcing.Orders.Customers;

namespace Sourcing.Orders.Tests.Customers.Directory;

/// <summary>
/// A customer store that keeps ICustomerStore's contract (copies in and out, insert vs. versioned save, one holder per
/// identity, all changes or none) for the directory's tests until the in-memory store is written. Every call yields
/// first, so concurrent callers really interleave.
/// </summary>
internal sealed class FakeCustomerStore : ICustomerStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string Json, long Version)> _customers = new(StringComparer.Ordinal);

    public int Saves { get; private set; }

    public async Task<StoredCustomer?> GetAsync(string customerId, CancellationToken cancellationToken)
    {
        await Task.Yield();
        lock (_gate)
        {
            return _customers.TryGetValue(customerId, out var row) ? new StoredCustomer(Read(row.Json), row.Version) : null;
        }
    }

    public async Task<IReadOnlyList<StoredCustomer>> GetManyAsync(IReadOnlyCollection<string> customerIds, CancellationToken cancellationToken)
    {
        await Task.Yield();
        lock (_gate)
        {
            return [.. customerIds.Distinct().Where(_customers.ContainsKey).Select(id => new StoredCustomer(Read(_customers[id].Json), _customers[id].Version))];
        }
    }

    public async Task<string?> FindByIdentityAsync(IdentityKind kind, string scope, string value, CancellationToken cancellationToken)
    {
        await Task.Yield();
        lock (_gate)
        {
            return _customers.Values.Select(row => Read(row.Json))
                .FirstOrDefault(c => c.Identities.Any(i => i.Kind == kind && i.Scope == scope && i.Value == value))?.CustomerId;
        }
    }

    public async Task SaveAsync(IReadOnlyList<CustomerChange> changes, CancellationToken cancellationToken)
    {
        await Task.Yield();
        lock (_gate)
        {
            foreach (var change in changes)
            {
                var id = change.Document.CustomerId;
                var exists = _customers.TryGetValue(id, out var row);
                if (change.ExpectedVersion == 0 && exists)
                {
                    throw new CustomerIdTakenException(id);
                }

                if (change.ExpectedVersion != 0 && (!exists || row.Version != change.ExpectedVersion))
                {
                    throw new CustomerConcurrencyException(id);
                }
            }

            var changed = changes.Select(c => c.Document.CustomerId).ToHashSet(StringComparer.Ordinal);
            var heldOutside = _customers.Where(pair => !changed.Contains(pair.Key)).SelectMany(pair => Read(pair.Value.Json).Identities.Select(i => (i.Kind, i.Scope, i.Value, Owner: pair.Key)));
            var claimed = new Dictionary<(IdentityKind, string, string), string>();
            foreach (var (kind, scope, value, owner) in heldOutside)
            {
                claimed[(kind, scope, value)] = owner;
            }

            foreach (var change in changes)
            {
                foreach (var identity in change.Document.Identities)
                {
                    var key = (identity.Kind, identity.Scope, identity.Value);
                    if (claimed.TryGetValue(key, out var owner) && owner != change.Document.CustomerId)
                    {
                        throw new IdentityTakenException(identity.Kind, identity.Scope, identity.Value, owner);
                    }

                    claimed[key] = change.Document.CustomerId;
                }
            }

            foreach (var change in changes)
            {
                _customers[change.Document.CustomerId] = (JsonSerializer.Serialize(change.Document), change.ExpectedVersion + 1);
            }

            Saves++;
        }
    }

    public Task<IReadOnlyList<CustomerSearchHit>> SearchAsync(CustomerTextQuery query, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The directory does not search.");

    public Task<bool> PingAsync(CancellationToken cancellationToken) => Task.FromResult(true);

    /// <summary>Every stored customer as JSON: a refusal must leave this unchanged.</summary>
    public string Snapshot()
    {
        lock (_gate)
        {
            return string.Join("\n", _customers.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "@" + p.Value.Version + " " + p.Value.Json));
        }
    }

    private static CustomerDocument Read(string json) => JsonSerializer.Deserialize<CustomerDocument>(json)!;
}

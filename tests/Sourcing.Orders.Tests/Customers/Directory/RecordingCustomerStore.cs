using System.Collections.Concurrent;
using System.Text.Json;
using Sourcing.Orders.Customers;
using Sourcing.Orders.Storage.InMemory;

namespace Sourcing.Orders.Tests.Customers.Directory;

/// <summary>
/// The in-memory customer store, watched: it counts saves and can show everything stored, so a test can check that a
/// refusal changed nothing. Every call yields first, so concurrent callers really interleave between reads and writes.
/// </summary>
internal sealed class RecordingCustomerStore : ICustomerStore
{
    private readonly InMemoryCustomerStore _inner = new();
    private readonly ConcurrentDictionary<string, bool> _ids = new(StringComparer.Ordinal);
    private int _saves;

    public int Saves => _saves;

    public async Task<StoredCustomer?> GetAsync(string customerId, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return await _inner.GetAsync(customerId, cancellationToken);
    }

    public async Task<IReadOnlyList<StoredCustomer>> GetManyAsync(IReadOnlyCollection<string> customerIds, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return await _inner.GetManyAsync(customerIds, cancellationToken);
    }

    public async Task<string?> FindByIdentityAsync(IdentityKind kind, string scope, string value, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return await _inner.FindByIdentityAsync(kind, scope, value, cancellationToken);
    }

    public async Task SaveAsync(IReadOnlyList<CustomerChange> changes, CancellationToken cancellationToken)
    {
        await Task.Yield();
        await _inner.SaveAsync(changes, cancellationToken);
        Interlocked.Increment(ref _saves);
        foreach (var change in changes)
        {
            _ids[change.Document.CustomerId] = true;
        }
    }

    public Task<IReadOnlyList<CustomerSearchHit>> SearchAsync(CustomerTextQuery query, CancellationToken cancellationToken) =>
        _inner.SearchAsync(query, cancellationToken);

    public Task<bool> PingAsync(CancellationToken cancellationToken) => _inner.PingAsync(cancellationToken);

    /// <summary>Every stored customer as JSON with its version ("" when none): a refusal must leave this unchanged.</summary>
    public string Snapshot()
    {
        var stored = _inner.GetManyAsync([.. _ids.Keys], CancellationToken.None).GetAwaiter().GetResult();
        return string.Join("\n", stored.OrderBy(c => c.Document.CustomerId, StringComparer.Ordinal)
            .Select(c => c.Document.CustomerId + "@" + c.Version + " " + JsonSerializer.Serialize(c.Document)));
    }
}

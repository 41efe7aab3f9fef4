using Microsoft.Extensions.Options;
using Sourcing.Service.Inventory;

namespace Sourcing.Service.Locations;

/// <summary>
/// The location network as a snapshot, read from the store at most once per <see cref="InventoryOptions.LocationCacheTtl"/>.
/// Locations change rarely and every stock call needs them, so the hot path reads them from memory. An upsert through
/// this process refreshes at once; one through another process is seen within the TTL.
/// </summary>
public sealed class LocationCatalog(ILocationStore store, TimeProvider clock, IOptions<InventoryOptions> options)
{
    private readonly TimeSpan _ttl = options.Value.LocationCacheTtl;
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private volatile Snapshot? _snapshot;

    public async Task<IReadOnlyDictionary<string, Location>> GetAllAsync(CancellationToken cancellationToken)
    {
        var current = _snapshot;
        if (current is not null && clock.GetUtcNow() - current.LoadedAt < _ttl)
        {
            return current.ById;
        }

        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            current = _snapshot;
            if (current is null || clock.GetUtcNow() - current.LoadedAt >= _ttl)
            {
                var all = await store.ListAsync(cancellationToken);
                current = new Snapshot(all.ToDictionary(l => l.Id, StringComparer.Ordinal), clock.GetUtcNow());
                _snapshot = current;
            }

            return current.ById;
        }
        finally
        {
            _refreshing.Release();
        }
    }

    /// <summary>Validates the location (<see cref="LocationValidator"/>), saves it and refreshes this process's snapshot.</summary>
    public async Task UpsertAsync(Location location, CancellationToken cancellationToken)
    {
        LocationValidator.Validate(location);
        await store.UpsertAsync(location, cancellationToken);
        _snapshot = null;
    }

    private sealed record Snapshot(IReadOnlyDictionary<string, Location> ById, DateTimeOffset LoadedAt);
}

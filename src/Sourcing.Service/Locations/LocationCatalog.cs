using Microsoft.Extensions.Options;
using Sourcing.Service.Inventory;
using Sourcing.Service.Replicas;

namespace Sourcing.Service.Locations;

/// <summary>
/// The location network as a snapshot, read from the store at most once per <see cref="InventoryOptions.LocationCacheTtl"/>.
/// Locations change rarely and every stock call needs them, so the hot path reads them from memory. An upsert through
/// this process refreshes at once; one through another instance is announced on the replica bus and every instance
/// drops its snapshot on the message. The TTL stays as the safety net for a message an instance missed (pub/sub keeps
/// nothing for an instance that was disconnected).
/// </summary>
public sealed partial class LocationCatalog
{
    private readonly ILocationStore store;
    private readonly TimeProvider clock;
    private readonly IReplicaBus? bus;
    private readonly ILogger<LocationCatalog>? logger;
    private readonly TimeSpan _ttl;
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private volatile Snapshot? _snapshot;

    public LocationCatalog(ILocationStore store, TimeProvider clock, IOptions<InventoryOptions> options, IReplicaBus? bus = null, ILogger<LocationCatalog>? logger = null)
    {
        this.logger = logger;
        this.store = store;
        this.clock = clock;
        this.bus = bus;
        _ttl = options.Value.LocationCacheTtl;
        if (bus is not null)
        {
            bus.Received += signal =>
            {
                if (signal == ReplicaSignal.LocationsChanged)
                {
                    _snapshot = null;
                }
            };
        }
    }

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

    /// <summary>Validates the location (<see cref="LocationValidator"/>), saves it, refreshes this process's snapshot and tells the other instances.</summary>
    public async Task UpsertAsync(Location location, CancellationToken cancellationToken)
    {
        LocationValidator.Validate(location);
        await store.UpsertAsync(location, cancellationToken);
        _snapshot = null;
        if (bus is not null)
        {
            // The upsert is saved whether or not the signal goes out: the store just answered, so the bus almost
            // always does too, and an instance that misses the signal still sees the location within the TTL.
            try
            {
                await bus.PublishAsync(ReplicaSignal.LocationsChanged);
            }
            catch (Exception exception) when (exception is StackExchange.Redis.RedisException or TimeoutException)
            {
                if (logger is not null)
                {
                    LogNotAnnounced(logger, exception.Message);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A location change could not be announced to the other instances ({Reason}); they see it within the location cache TTL")]
    private static partial void LogNotAnnounced(ILogger logger, string reason);

    private sealed record Snapshot(IReadOnlyDictionary<string, Location> ById, DateTimeOffset LoadedAt);
}

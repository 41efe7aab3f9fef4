namespace Sourcing.Service.Locations;

/// <summary>Where the location network is kept. Implementations: Redis and in-memory.</summary>
public interface ILocationStore
{
    Task UpsertAsync(Location location, CancellationToken cancellationToken);

    Task<Location?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>The locations with these ids that exist, in one round trip; unknown ids are left out.</summary>
    Task<IReadOnlyDictionary<string, Location>> GetManyAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken);

    Task<IReadOnlyList<Location>> ListAsync(CancellationToken cancellationToken);
}

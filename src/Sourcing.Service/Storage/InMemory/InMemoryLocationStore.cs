using System.Collections.Concurrent;
using Sourcing.Service.Locations;

namespace Sourcing.Service.Storage.InMemory;

public sealed class InMemoryLocationStore : ILocationStore
{
    private readonly ConcurrentDictionary<string, Location> _locations = new(StringComparer.Ordinal);

    public Task UpsertAsync(Location location, CancellationToken cancellationToken)
    {
        _locations[location.Id] = location;
        return Task.CompletedTask;
    }

    public Task<Location?> GetAsync(string id, CancellationToken cancellationToken) =>
        Task.FromResult(_locations.GetValueOrDefault(id));

    public Task<IReadOnlyDictionary<string, Location>> GetManyAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, Location>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            if (_locations.TryGetValue(id, out var location))
            {
                found[id] = location;
            }
        }

        return Task.FromResult<IReadOnlyDictionary<string, Location>>(found);
    }

    public Task<IReadOnlyList<Location>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Location>>(_locations.Values.OrderBy(l => l.Id, StringComparer.Ordinal).ToList());
}

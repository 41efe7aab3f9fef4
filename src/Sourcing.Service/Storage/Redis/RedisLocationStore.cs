using System.Text.Json;
using Sourcing.Service.Locations;
using StackExchange.Redis;

namespace Sourcing.Service.Storage.Redis;

public sealed class RedisLocationStore(IConnectionMultiplexer redis, RedisKeys keys) : ILocationStore
{
    private readonly IDatabase _db = redis.GetDatabase();

    public Task UpsertAsync(Location location, CancellationToken cancellationToken) =>
        _db.HashSetAsync(keys.Locations, location.Id, JsonSerializer.Serialize(location, StorageJson.Default.Location)).WaitAsync(cancellationToken);

    public async Task<Location?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var json = await _db.HashGetAsync(keys.Locations, id).WaitAsync(cancellationToken);
        return json.IsNull ? null : Deserialize(json!);
    }

    public async Task<IReadOnlyDictionary<string, Location>> GetManyAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var values = await _db.HashGetAsync(keys.Locations, ids.Select(id => (RedisValue)id).ToArray()).WaitAsync(cancellationToken);
        return values.Where(v => !v.IsNull).Select(v => Deserialize(v!)).ToDictionary(l => l.Id, StringComparer.Ordinal);
    }

    public async Task<IReadOnlyList<Location>> ListAsync(CancellationToken cancellationToken)
    {
        var entries = await _db.HashGetAllAsync(keys.Locations).WaitAsync(cancellationToken);
        return entries.Select(e => Deserialize(e.Value!)).OrderBy(l => l.Id, StringComparer.Ordinal).ToList();
    }

    private static Location Deserialize(string json) =>
        JsonSerializer.Deserialize(json, StorageJson.Default.Location)
            ?? throw new InvalidOperationException("A location stored in Redis is null.");
}

using System.Text.Json;
using StackExchange.Redis;

namespace Sourcing.Service.Replicas;

/// <summary>
/// Heartbeats in one Redis hash, a field per instance (one key, so it works the same on a cluster). Fields of
/// instances gone for longer than <see cref="ForgetAfter"/> are removed by whoever lists them.
/// </summary>
public sealed class RedisInstanceRegistry(IConnectionMultiplexer redis, ReplicaKeys keys) : IInstanceRegistry
{
    /// <summary>Long enough for an operator to notice an instance that stopped; short enough that the hash stays small.</summary>
    private static readonly TimeSpan ForgetAfter = TimeSpan.FromHours(1);

    public async Task BeatAsync(InstanceRecord record, CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        await database.HashSetAsync(keys.Instances, record.InstanceId, JsonSerializer.Serialize(record));
        // When every instance is gone, the whole hash goes too.
        await database.KeyExpireAsync(keys.Instances, ForgetAfter);
    }

    public async Task<IReadOnlyList<InstanceRecord>> ListAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        var entries = await database.HashGetAllAsync(keys.Instances);
        var seen = new List<InstanceRecord>();
        var forgotten = new List<RedisValue>();
        foreach (var entry in entries)
        {
            InstanceRecord? record;
            try
            {
                record = JsonSerializer.Deserialize<InstanceRecord>((string)entry.Value!);
            }
            catch (JsonException)
            {
                record = null;
            }

            if (record is null || now - record.SeenAt > ForgetAfter)
            {
                forgotten.Add(entry.Name);
            }
            else if (now - record.SeenAt <= IInstanceRegistry.SeenWithin)
            {
                seen.Add(record);
            }
        }

        if (forgotten.Count > 0)
        {
            await database.HashDeleteAsync(keys.Instances, [.. forgotten]);
        }

        return seen;
    }
}

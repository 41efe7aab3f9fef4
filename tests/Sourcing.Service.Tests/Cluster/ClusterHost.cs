using Sourcing.Service.Tests.Infrastructure;

namespace Sourcing.Service.Tests.Cluster;

/// <summary>The real service host configured for the test cluster, as an operator would configure it for one.</summary>
internal static class ClusterHost
{
    /// <summary>Enough partitions that SKUs spread over all three masters, few enough that each master holds several.</summary>
    public const int StockPartitions = 8;

    /// <param name="settings">Further host settings; they win over these.</param>
    public static SourcingHost Create(RedisClusterFixture redis, IDictionary<string, string?>? settings = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null)
    {
        var all = Settings(redis);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return new SourcingHost(redis.Cluster.ConfigurationString, all, services);
    }

    /// <summary>
    /// The cluster string and partition count. The client timeouts are wider than the single-server tests' because
    /// a call may wait out a slot moving to another node (a MOVED redirect after a failover) on a busy machine.
    /// </summary>
    public static Dictionary<string, string?> Settings(RedisClusterFixture redis) => new()
    {
        ["Redis:Configuration"] = redis.Cluster.ConfigurationString + ",connectTimeout=5000,syncTimeout=5000,asyncTimeout=5000",
        ["Redis:StockPartitions"] = StockPartitions.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>
/// Which stock partition a SKU lands in, computed here from the rule the service documents (FNV-1a 32-bit over the
/// UTF-8 bytes of the SKU, modulo the partition count), so tests can pick SKUs that live on different nodes.
/// </summary>
internal static class StockPartition
{
    public static int Of(string sku, int partitions = ClusterHost.StockPartitions)
    {
        var hash = 2166136261u;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(sku))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return (int)(hash % (uint)partitions);
    }

    /// <summary>The hash tag every key of the partition carries; Redis puts the partition in this tag's slot.</summary>
    public static string HashTag(int partition) => "{p" + partition.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}";

    /// <summary>The first SKU named <paramref name="stem"/>-n whose partition is on a master none of <paramref name="avoid"/>'s partitions is on.</summary>
    public static string SkuOnAnotherMaster(RedisClusterFixture redis, string stem, params string[] avoid)
    {
        var taken = avoid.Select(sku => redis.Cluster.MasterOf(HashTag(Of(sku))).Id).ToHashSet();
        return Enumerable.Range(1, 1000).Select(n => $"{stem}-{n}").First(sku => !taken.Contains(redis.Cluster.MasterOf(HashTag(Of(sku))).Id));
    }
}

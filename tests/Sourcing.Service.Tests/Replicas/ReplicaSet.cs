using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sourcing.Service.Replicas;
using Sourcing.Service.Tests.Infrastructure;

namespace Sourcing.Service.Tests.Replicas;

/// <summary>
/// Several real service hosts in one test process, as replicas behind a load balancer: one Redis under one key
/// prefix, the same settings (PostgreSQL too when given), each with an instance id of its own (A, B, C, ...).
/// </summary>
internal sealed class ReplicaSet : IDisposable
{
    private readonly List<SourcingHost> _hosts = [];

    private ReplicaSet(IReadOnlyList<SourcingHost> hosts) => _hosts.AddRange(hosts);

    public SourcingHost this[int index] => _hosts[index];

    public IReadOnlyList<SourcingHost> Hosts => _hosts;

    /// <param name="settings">Settings shared by every replica (on top of the shared key prefix).</param>
    /// <param name="perReplica">Settings of one replica by its index (its own rules folder, say).</param>
    /// <param name="token">The default bearer token of each host's channel, for hosts that validate tokens.</param>
    public static ReplicaSet Start(
        string redisEndpoint, int count, IDictionary<string, string?>? settings = null, Func<int, IDictionary<string, string?>>? perReplica = null, string? token = null)
    {
        var prefix = RedisFixture.NewKeyPrefix();
        var hosts = new List<SourcingHost>();
        for (var i = 0; i < count; i++)
        {
            var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
            {
                ["Redis:KeyPrefix"] = prefix,
                ["Replica:InstanceId"] = Name(i),
                ["Replica:LeaseTtl"] = "00:00:01.500",
                ["Replica:HeartbeatEvery"] = "00:00:00.200",
            };
            foreach (var (key, value) in perReplica?.Invoke(i) ?? new Dictionary<string, string?>())
            {
                all[key] = value;
            }

            var host = new SourcingHost(redisEndpoint, all) { DefaultToken = token };
            // Started one after the other: the first applies the PostgreSQL migrations the others then find done.
            _ = host.Services;
            hosts.Add(host);
        }

        return new ReplicaSet(hosts);
    }

    public static string Name(int index) => ((char)('A' + index)).ToString();

    /// <summary>The lease-guarded workers of one replica, by lease name.</summary>
    public static IReadOnlyDictionary<string, LeasedWorker> LeasedWorkers(SourcingHost host) =>
        host.Services.GetServices<IHostedService>().OfType<LeasedWorker>().ToDictionary(w => w.LeaseName);

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="within"/> passes; returns whether it held.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            if (await condition())
            {
                return true;
            }

            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        foreach (var host in _hosts)
        {
            host.Dispose();
        }
    }
}

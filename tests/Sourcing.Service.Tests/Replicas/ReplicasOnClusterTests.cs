using Sourcing.Service.Tests.Infrastructure;
using Sourcing.Testing;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Replicas;

/// <summary>
/// Three replicas on a real Redis Cluster (three masters, three replicas): leases, signals and heartbeats are one key
/// (or one channel) per command, so they work there as on a single server.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class ReplicasOnClusterTests(RedisClusterFixture redis) : IDisposable
{
    private readonly string[] _folders = [RepositoryPaths.CopyOfRules(), RepositoryPaths.CopyOfRules(), RepositoryPaths.CopyOfRules()];

    [Fact]
    public async Task ReloadRulesAndUpsertLocation_ThreeReplicasOnACluster_EveryReplicaFollows()
    {
        using var replicas = Start(new Dictionary<string, string?> { ["Inventory:LocationCacheTtl"] = "00:10:00" });
        await replicas[0].AddLocationAsync("WH-OLD");
        await TestNetwork.Stock(replicas[0], "TENT", "WH-OLD", 5);
        Assert.Equal("WH-OLD", Assert.Single((await replicas[1].Sourcing.SourceOrderAsync(Order("warm", "TENT"))).Shipments).LocationId);
        foreach (var folder in _folders)
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "far-away.json"), """
                { "WorkflowName": "eligibility.distance", "Rules": [
                  { "RuleName": "NothingFromFarAway", "SuccessEvent": "Too far.", "Expression": "location.DistanceKm > 900" } ] }
                """);
        }

        var reloaded = await new RulesService.RulesServiceClient(replicas[0].Channel).ReloadRulesAsync(new ReloadRulesRequest());
        await replicas[0].AddLocationAsync("WH-NEW");
        await TestNetwork.Stock(replicas[0], "STOVE", "WH-NEW", 5);
        RulesVersion? onC = null;
        var allReloaded = await ReplicaSet.EventuallyAsync(async () =>
        {
            onC = await new RulesService.RulesServiceClient(replicas[2].Channel).GetRulesVersionAsync(new GetRulesVersionRequest());
            return onC.Instances.Count == 3 && onC.Instances.All(i => i.Version == reloaded.ActiveVersion);
        }, TimeSpan.FromSeconds(15));
        var attempt = 0;
        var newLocationUsed = await ReplicaSet.EventuallyAsync(
            async () => (await replicas[1].Sourcing.SourceOrderAsync(Order("new-" + attempt++, "STOVE"))).Shipments.Any(s => s.LocationId == "WH-NEW"), TimeSpan.FromSeconds(5));

        Assert.True(reloaded.Applied);
        Assert.True(allReloaded, "instances on C: " + string.Join(", ", onC!.Instances.Select(i => $"{i.InstanceId}={i.Version}")));
        Assert.Equal("C", onC.InstanceId);
        Assert.True(newLocationUsed, $"B did not source from the location upserted on A ({attempt} attempts)");
    }

    [Fact]
    public async Task LeasedWorkers_ThreeReplicasOnACluster_EachWorkerRunsOnExactlyOneInstance()
    {
        using var replicas = Start();

        var settled = await ReplicaSet.EventuallyAsync(
            () => Task.FromResult(ReplicaSet.LeasedWorkers(replicas[0]).Keys.All(lease => replicas.Hosts.Count(h => ReplicaSet.LeasedWorkers(h)[lease].IsHolding) == 1)),
            TimeSpan.FromSeconds(15));

        Assert.True(settled);
        Assert.Contains("reservation-sweeper", ReplicaSet.LeasedWorkers(replicas[0]).Keys);
    }

    public void Dispose()
    {
        foreach (var folder in _folders)
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private ReplicaSet Start(Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(settings ?? [])
        {
            // A cluster redirects and discovers: the single-server tests' 1 s timeouts are too tight on a busy machine.
            ["Redis:Configuration"] = redis.Cluster.ConfigurationString + ",connectTimeout=5000,syncTimeout=5000,asyncTimeout=5000",
        };
        return ReplicaSet.Start(redis.Cluster.ConfigurationString, 3, all, i => new Dictionary<string, string?> { ["Rules:Directory"] = _folders[i] });
    }

    private static SourceOrderRequest Order(string requestId, string sku)
    {
        var request = TestNetwork.Order(requestId, TestNetwork.Berlin, TestNetwork.Line("1", sku, 1));
        request.Reserve = false;
        return request;
    }
}

using Sourcing.Service.Tests.Infrastructure;
using Sourcing.Testing;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Replicas;

/// <summary>
/// Rule reloads across three replicas, each with its own copy of the rules folder (the same files deployed to every
/// instance) and no file watching: ReloadRules on one instance reloads all, and GetRulesVersion shows each one's version.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RulesAcrossReplicasTests(RedisFixture redis) : IDisposable
{
    private const string NewRuleFile = """
        { "WorkflowName": "eligibility.distance", "Rules": [
          { "RuleName": "NothingFromFarAway", "SuccessEvent": "Too far.", "Expression": "location.DistanceKm > 900" } ] }
        """;

    private readonly string[] _folders = [RepositoryPaths.CopyOfRules(), RepositoryPaths.CopyOfRules(), RepositoryPaths.CopyOfRules()];
    private ReplicaSet? _replicas;

    private ReplicaSet Replicas => _replicas ??= ReplicaSet.Start(redis.Server.Endpoint, 3, perReplica: i => new Dictionary<string, string?> { ["Rules:Directory"] = _folders[i] });

    [Fact]
    public async Task GetRulesVersion_ThreeReplicas_NamesTheAnsweringInstanceAndListsAll()
    {
        var rules = Client(1);
        var listed = await EventuallyAllListedAsync(rules);

        Assert.Equal("B", listed.InstanceId);
        Assert.Equal(["A", "B", "C"], listed.Instances.Select(i => i.InstanceId));
        Assert.All(listed.Instances, i => Assert.Equal(listed.Version, i.Version));
        Assert.All(listed.Instances, i => Assert.False(i.HasLastReloadApplied));
        Assert.All(listed.Instances, i => Assert.True(i.SeenAt.ToDateTimeOffset() >= i.StartedAt.ToDateTimeOffset()));
    }

    [Fact]
    public async Task ReloadRules_OnOneReplica_EveryReplicaReloadsItsFolderAndReportsTheNewVersion()
    {
        var before = await EventuallyAllListedAsync(Client(0));
        foreach (var folder in _folders)
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "far-away.json"), NewRuleFile);
        }

        var reloaded = await Client(0).ReloadRulesAsync(new ReloadRulesRequest());
        RulesVersion? onB = null;
        var allNew = await ReplicaSet.EventuallyAsync(async () =>
        {
            onB = await Client(1).GetRulesVersionAsync(new GetRulesVersionRequest());
            return onB.Instances.Count == 3 && onB.Instances.All(i => i.Version == reloaded.ActiveVersion);
        }, TimeSpan.FromSeconds(10));
        var onC = await Client(2).GetRulesVersionAsync(new GetRulesVersionRequest());

        Assert.True(reloaded.Applied);
        Assert.NotEqual(before.Version, reloaded.ActiveVersion);
        Assert.True(allNew, "instances on B: " + string.Join(", ", onB!.Instances.Select(i => $"{i.InstanceId}={i.Version}")));
        Assert.Equal(reloaded.ActiveVersion, onC.Version);
        Assert.True(onC.LastReloadApplied);
        Assert.All(onC.Instances, i => Assert.True(i.LastReloadApplied));
        Assert.Contains((await new RulesService.RulesServiceClient(Replicas[2].Channel).ListRulesAsync(new ListRulesRequest())).Rules, r => r.Name == "NothingFromFarAway");
    }

    [Fact]
    public async Task ReloadRules_BadFileOnOneReplicaOnly_ThatReplicaKeepsItsSetAndReportsTheRefusal()
    {
        var before = await EventuallyAllListedAsync(Client(0));
        await File.WriteAllTextAsync(Path.Combine(_folders[0], "far-away.json"), NewRuleFile);
        await File.WriteAllTextAsync(Path.Combine(_folders[1], "far-away.json"), NewRuleFile);
        await File.WriteAllTextAsync(Path.Combine(_folders[2], "far-away.json"), """{ "WorkflowName": "eligibility.distance", "Rules": [ """);

        var reloaded = await Client(0).ReloadRulesAsync(new ReloadRulesRequest());
        RulesVersion? onA = null;
        var settled = await ReplicaSet.EventuallyAsync(async () =>
        {
            onA = await Client(0).GetRulesVersionAsync(new GetRulesVersionRequest());
            return onA.Instances.Count == 3 && onA.Instances.All(i => i.HasLastReloadApplied);
        }, TimeSpan.FromSeconds(10));
        var onC = await Client(2).GetRulesVersionAsync(new GetRulesVersionRequest());

        Assert.True(settled);
        var byInstance = onA!.Instances.ToDictionary(i => i.InstanceId);
        Assert.Equal((reloaded.ActiveVersion, true), (byInstance["B"].Version, byInstance["B"].LastReloadApplied));
        Assert.Equal((before.Version, false), (byInstance["C"].Version, byInstance["C"].LastReloadApplied));
        Assert.Equal(before.Version, onC.Version);
        Assert.Equal("far-away.json", Assert.Single(onC.LastReloadProblems).File);
    }

    public void Dispose()
    {
        _replicas?.Dispose();
        foreach (var folder in _folders)
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private RulesService.RulesServiceClient Client(int replica) => new(Replicas[replica].Channel);

    private static async Task<RulesVersion> EventuallyAllListedAsync(RulesService.RulesServiceClient rules)
    {
        RulesVersion? answer = null;
        var listed = await ReplicaSet.EventuallyAsync(async () =>
        {
            answer = await rules.GetRulesVersionAsync(new GetRulesVersionRequest());
            return answer.Instances.Count == 3;
        }, TimeSpan.FromSeconds(10));
        Assert.True(listed, "instances listed: " + string.Join(", ", answer!.Instances.Select(i => i.InstanceId)));
        return answer!;
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sourcing.Service.Hosting;
using Sourcing.Service.Replicas;
using Sourcing.Service.Tests.Infrastructure;

namespace Sourcing.Service.Tests.Replicas;

/// <summary>The <c>Replica</c> settings: a default instance id unique per process start, bad values refused at start.</summary>
[Collection(RedisCollection.Name)]
public sealed class ReplicaSettingsTests(RedisFixture redis)
{
    [Theory]
    [InlineData("Replica:InstanceId", "has space", "InstanceId")]
    [InlineData("Replica:InstanceId", "{p1}", "InstanceId")]
    [InlineData("Replica:LeaseTtl", "00:00:00", "LeaseTtl")]
    [InlineData("Replica:HeartbeatEvery", "00:01:00", "HeartbeatEvery")]
    public void AddSourcingReplicas_BadSetting_RefusedAtStartNamingIt(string key, string value, string setting)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
        using var provider = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddSingleton(TimeProvider.System)
            .AddSourcingReplicas(StorageMode.InMemory).BuildServiceProvider();

        var refusal = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(setting, refusal.Message);
    }

    [Fact]
    public void InstanceId_NotSet_HostNameProcessIdAndFourRandomCharactersDifferingPerHost()
    {
        using var first = new SourcingHost(redis.Server.Endpoint);
        using var second = new SourcingHost(redis.Server.Endpoint);

        var a = first.Services.GetRequiredService<ReplicaIdentity>().InstanceId;
        var b = second.Services.GetRequiredService<ReplicaIdentity>().InstanceId;

        Assert.Matches($@"-{Environment.ProcessId}-[0-9a-f]{{4}}\z", a);
        Assert.NotEqual(a, b);
    }
}

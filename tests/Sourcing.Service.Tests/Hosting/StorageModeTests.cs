using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Sourcing.Service.Hosting;
using Sourcing.Service.Tests.Infrastructure;

namespace Sourcing.Service.Tests.Hosting;

public sealed class StorageModeTests
{
    [Fact]
    public void ChooseMode_ProductionWithoutStorageMode_RefusesNamingTheSetting()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => Choose("Production", []));

        Assert.Contains("Storage:Mode", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ChooseMode_ProductionWithRedisButNoMode_Refuses()
    {
        Assert.Throws<InvalidOperationException>(() => Choose("Production", [("Redis:Configuration", "localhost:6379")]));
    }

    [Fact]
    public void ChooseMode_MisspeltRedisSetting_RefusesNamingIt()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => Choose("Development", [("Redis:Configuraton", "localhost:6379")]));

        Assert.Contains("Redis:Configuraton", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Redis", null, "Redis:Configuration")]
    [InlineData("InMemory", "localhost:6379", "remove one")]
    [InlineData("Memory", null, "'Memory'")]
    [InlineData("0", null, "'0'")]
    public void ChooseMode_ContradictoryOrUnknownMode_Refuses(string mode, string? redis, string named)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => Choose("Production", [("Storage:Mode", mode), ("Redis:Configuration", redis)]));

        Assert.Contains(named, refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Development", null, null, StorageMode.InMemory)]
    [InlineData("Development", null, "localhost:6379", StorageMode.Redis)]
    [InlineData("Production", "InMemory", null, StorageMode.InMemory)]
    [InlineData("Production", "redis", "localhost:6379", StorageMode.Redis)]
    public void ChooseMode_ExplicitOrDevelopmentDefault_IsChosen(string environment, string? mode, string? redis, StorageMode expected)
    {
        Assert.Equal(expected, Choose(environment, [("Storage:Mode", mode), ("Redis:Configuration", redis)]));
    }

    [Theory]
    [InlineData("Development", null)]
    [InlineData("Production", "InMemory")]
    public async Task Check_EmbeddedStore_IsServing(string environment, string? mode)
    {
        var settings = TestTokens.HostSettings();
        settings["Storage:Mode"] = mode;
        settings["Rules:WatchFiles"] = "false";
        settings["Security:AllowPlaintext"] = "true";
        using var host = new ConfiguredHost(environment, settings);
        using var channel = GrpcChannel.ForAddress(host.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = host.Server.CreateHandler() });

        var response = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    private static StorageMode Choose(string environment, (string Key, string? Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Where(s => s.Value is not null).Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        var host = new HostingEnvironment { EnvironmentName = environment };
        return StorageRegistration.ChooseMode(configuration, host, configuration["Redis:Configuration"]);
    }
}

using Sourcing.Testing;
using StackExchange.Redis;

namespace Sourcing.Service.Tests.Infrastructure;

/// <summary>
/// One real redis-server and one multiplexer for the whole test run. Tests isolate themselves with a unique key
/// prefix each (<see cref="NewKeyPrefix"/>) instead of flushing, so they may run in parallel.
/// </summary>
public sealed class RedisFixture : IDisposable
{
    public RedisFixture()
    {
        Server = LocalRedisServer.Start();
        Connection = ConnectionMultiplexer.Connect(Server.Endpoint + ",allowAdmin=true");
    }

    public LocalRedisServer Server { get; }

    public IConnectionMultiplexer Connection { get; }

    public static string NewKeyPrefix() => "t" + Guid.NewGuid().ToString("N")[..12] + ":";

    public void Dispose()
    {
        Connection.Dispose();
        Server.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisFixture>
{
    public const string Name = "redis";
}

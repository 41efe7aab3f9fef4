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

    /// <summary>A loopback endpoint nothing listens on: a Redis that is down.</summary>
    public static string UnreachableEndpoint()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"127.0.0.1:{port}";
    }

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

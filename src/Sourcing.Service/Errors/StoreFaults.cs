using System.Net.Sockets;
using StackExchange.Redis;

namespace Sourcing.Service.Errors;

/// <summary>Tells a store that cannot answer right now (the caller should retry) from a fault in this service.</summary>
public static class StoreFaults
{
    // Replies meaning "not now" rather than "never": the dataset is still loading after a restart, a script is running
    // too long, no writable primary, a failover or cluster reshard in progress, persistence failing, memory full.
    private static readonly string[] TransientReplies =
        ["LOADING", "BUSY", "MASTERDOWN", "READONLY", "TRYAGAIN", "CLUSTERDOWN", "NOREPLICAS", "MISCONF", "OOM"];

    /// <summary>True when <paramref name="exception"/>, or one it wraps, says the store could not be reached or could not serve.</summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case RedisConnectionException or RedisTimeoutException or TimeoutException or SocketException or IOException:
                // The multiplexer is disposed while the host shuts down: calls still in flight cannot reach the store.
                case ObjectDisposedException:
                    return true;
                case RedisServerException server when server.Kind is RedisErrorKind.Loading or RedisErrorKind.Busy or RedisErrorKind.MasterDown
                    or RedisErrorKind.TryAgain or RedisErrorKind.ClusterDown or RedisErrorKind.NoReplicas or RedisErrorKind.Misconfigured
                    or RedisErrorKind.OutOfMemory or RedisErrorKind.MaxClients || IsTransientReply(server.Message):
                    return true;
            }
        }

        return false;
    }

    private static bool IsTransientReply(string message)
    {
        var code = message.AsSpan(0, message.IndexOf(' ') is var space and >= 0 ? space : message.Length);
        foreach (var transient in TransientReplies)
        {
            if (code.SequenceEqual(transient))
            {
                return true;
            }
        }

        return false;
    }
}

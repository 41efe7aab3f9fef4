using Sourcing.Service.Errors;
using StackExchange.Redis;

namespace Sourcing.Service.Tests.Grpc;

/// <summary>Server replies that are hard to provoke on demand (a restart still loading its AOF, a failover), classified.</summary>
public sealed class StoreFaultsTests
{
    [Theory]
    [InlineData("LOADING Redis is loading the dataset in memory")]
    [InlineData("MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.")]
    [InlineData("READONLY You can't write against a read only replica.")]
    [InlineData("TRYAGAIN Multiple keys request during rehashing of slot")]
    [InlineData("OOM command not allowed when used memory > 'maxmemory'.")]
    public void IsUnavailable_TransientServerReply_IsTrue(string reply)
    {
        Assert.True(StoreFaults.IsUnavailable(new RedisServerException(RedisErrorKind.Unknown, CommandFlags.None, reply)));
    }

    [Fact]
    public void IsUnavailable_ScriptErrorOrBug_IsFalse()
    {
        Assert.False(StoreFaults.IsUnavailable(new RedisServerException(RedisErrorKind.Unknown, CommandFlags.None, "ERR user_script:1: attempt to compare nil with number")));
        Assert.False(StoreFaults.IsUnavailable(new InvalidOperationException("a bug")));
    }

    [Fact]
    public void IsUnavailable_DisposedMultiplexerOrWrappedSocketError_IsTrue()
    {
        Assert.True(StoreFaults.IsUnavailable(new ObjectDisposedException("ConnectionMultiplexer")));
        Assert.True(StoreFaults.IsUnavailable(new InvalidOperationException("wrapped", new System.Net.Sockets.SocketException())));
    }
}

using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;
using Sourcing.Service.Security;

namespace Sourcing.Service.Grpc;

/// <summary>
/// Per-principal limits: a token bucket of calls, and a cap on open server streams. A caller over its limit gets
/// RESOURCE_EXHAUSTED with a retry delay; other callers are not slowed. Anonymous calls (health, reflection) share
/// one bucket per remote address; the development principal has none.
/// </summary>
public sealed class CallerLimitsInterceptor : Interceptor, IDisposable
{
    private readonly PartitionedRateLimiter<string> _calls;
    private readonly ConcurrentDictionary<string, int> _openStreams = new(StringComparer.Ordinal);
    private readonly int _maxStreams;

    public CallerLimitsInterceptor(IOptions<LimitsOptions> options)
    {
        var limits = options.Value;
        _maxStreams = limits.OpenStreamsPerCaller;
        _calls = PartitionedRateLimiter.Create<string, string>(caller => RateLimitPartition.GetTokenBucketLimiter(caller, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = limits.BurstPerCaller,
            TokensPerPeriod = limits.CallsPerSecondPerCaller,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Admit(context);
        return continuation(request, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Admit(context);
        return continuation(requestStream, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (Admit(context) is not { } caller)
        {
            await continuation(request, responseStream, context);
            return;
        }

        if (_openStreams.AddOrUpdate(caller, 1, (_, open) => open + 1) > _maxStreams)
        {
            Close(caller);
            throw Exhausted($"at most {_maxStreams} open streams per caller; close one first", TimeSpan.FromSeconds(1));
        }

        try
        {
            await continuation(request, responseStream, context);
        }
        finally
        {
            Close(caller);
        }
    }

    public void Dispose() => _calls.Dispose();

    /// <summary>Takes a token of the caller's bucket; returns the caller's key, or null for a caller without limits.</summary>
    private string? Admit(ServerCallContext context)
    {
        if (CallerConcurrency.CallerKey(context.GetHttpContext()) is not { } caller)
        {
            return null;
        }

        using var lease = _calls.AttemptAcquire(caller);
        return lease.IsAcquired ? caller : throw Exhausted("too many calls from this caller", TimeSpan.FromSeconds(1));
    }

    private void Close(string caller) => _openStreams.AddOrUpdate(caller, 0, (_, open) => Math.Max(0, open - 1));

    private static RpcException Exhausted(string why, TimeSpan retryAfter)
    {
        var status = new Google.Rpc.Status { Code = (int)Code.ResourceExhausted, Message = "Limit reached: " + why + "." };
        status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(retryAfter) }));
        return status.ToRpcException();
    }
}

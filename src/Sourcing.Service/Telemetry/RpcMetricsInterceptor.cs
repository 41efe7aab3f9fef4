using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Sourcing.Service.Telemetry;

/// <summary>
/// Records every gRPC call's duration with its method and final status code in <c>sourcing.rpc.duration</c>; its count
/// is the request rate. Registered first, so it sees the status the exception mapping gave. Calls refused before any
/// interceptor runs (authentication, authorisation, rate limiting) are in ASP.NET Core's own request metrics.
/// </summary>
public sealed class RpcMetricsInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        var status = StatusCode.OK;
        try
        {
            return await continuation(request, context);
        }
        catch (Exception exception)
        {
            status = StatusOf(exception, context);
            throw;
        }
        finally
        {
            Record(context, started, status);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        var status = StatusCode.OK;
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception exception)
        {
            status = StatusOf(exception, context);
            throw;
        }
        finally
        {
            Record(context, started, status);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        var status = StatusCode.OK;
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception exception)
        {
            status = StatusOf(exception, context);
            throw;
        }
        finally
        {
            Record(context, started, status);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        var status = StatusCode.OK;
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception exception)
        {
            status = StatusOf(exception, context);
            throw;
        }
        finally
        {
            Record(context, started, status);
        }
    }

    /// <summary>What gRPC answers for this exception: its own status, CANCELLED for a caller gone, UNKNOWN otherwise.</summary>
    private static StatusCode StatusOf(Exception exception, ServerCallContext context) => exception switch
    {
        RpcException rpc => rpc.StatusCode,
        OperationCanceledException when context.CancellationToken.IsCancellationRequested => StatusCode.Cancelled,
        _ => StatusCode.Unknown,
    };

    private static void Record(ServerCallContext context, long started, StatusCode status)
    {
        if (!SourcingTelemetry.RpcDuration.Enabled)
        {
            return;
        }

        // A status set on the context without an exception (a handler may do that) is the one the caller gets.
        var final = status == StatusCode.OK && context.Status.StatusCode != StatusCode.OK ? context.Status.StatusCode : status;
        SourcingTelemetry.RpcDuration.Record(
            Stopwatch.GetElapsedTime(started).TotalSeconds,
            new KeyValuePair<string, object?>(SourcingTelemetry.Tags.RpcMethod, context.Method),
            new KeyValuePair<string, object?>(SourcingTelemetry.Tags.RpcStatusCode, (int)final));
    }
}

using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Sourcing.Service.Security;

namespace Sourcing.Service.Audit;

/// <summary>
/// Records every call of an RPC marked <see cref="AuditedAttribute"/>: who, when, what was asked and how it ended,
/// refusals included. Sits outside the exception mapping, so it sees the status the caller sees. The entry is written
/// after the call; if the audit store fails then, the change stands and the failure is logged, because the caller
/// has already been answered by the store that made the change.
/// </summary>
public sealed partial class AuditInterceptor(IAuditLog log, TimeProvider clock, ILogger<AuditInterceptor> logger) : Interceptor
{
    public const int MaxRequestText = 2_000;

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var audited = Audited(context);
        if (audited is null)
        {
            return await continuation(request, context);
        }

        var asked = audited.PersonalData && request is IMessage message ? PersonalDataRedaction.Request(message) : Describe(request);
        try
        {
            var response = await continuation(request, context);
            await RecordAsync(context, asked, "OK");
            return response;
        }
        catch (Exception exception)
        {
            await RecordAsync(context, asked, audited.PersonalData ? PersonalDataRedaction.Outcome(exception) : Outcome(exception));
            throw;
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (!IsAudited(context))
        {
            return await continuation(requestStream, context);
        }

        var counting = new CountingReader<TRequest>(requestStream);
        try
        {
            var response = await continuation(counting, context);
            await RecordAsync(context, $"a stream of {counting.Count} messages", "OK: " + Describe(response));
            return response;
        }
        catch (Exception exception)
        {
            await RecordAsync(context, $"a stream of {counting.Count} messages (read before the outcome)", Outcome(exception));
            throw;
        }
    }

    private static AuditedAttribute? Audited(ServerCallContext context) =>
        context.GetHttpContext().GetEndpoint()?.Metadata.GetMetadata<AuditedAttribute>();

    private static bool IsAudited(ServerCallContext context) => Audited(context) is not null;

    private async Task RecordAsync(ServerCallContext context, string request, string outcome)
    {
        try
        {
            await log.AppendAsync(clock.GetUtcNow(), Caller.Of(context).Subject, context.Method.TrimStart('/'), request, Shorten(outcome), CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogAuditFailed(logger, exception, context.Method, outcome);
        }
    }

    private static string Outcome(Exception exception) => exception is RpcException rpc
        ? $"{rpc.StatusCode}: {rpc.Status.Detail}"
        : $"{StatusCode.Unknown}: {exception.GetType().Name}";

    private static string Describe(object? message) => Shorten(message is IMessage proto ? JsonFormatter.Default.Format(proto) : message?.ToString() ?? "");

    private static string Shorten(string text) => text.Length <= MaxRequestText ? text : text[..MaxRequestText] + "…";

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit entry for {Method} (outcome {Outcome}) could not be written")]
    private static partial void LogAuditFailed(ILogger logger, Exception exception, string method, string outcome);

    private sealed class CountingReader<T>(IAsyncStreamReader<T> inner) : IAsyncStreamReader<T>
    {
        public long Count { get; private set; }

        public T Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            var more = await inner.MoveNext(cancellationToken);
            Count += more ? 1 : 0;
            return more;
        }
    }
}

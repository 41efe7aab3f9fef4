using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Sourcing.Service.Security;

/// <summary>
/// At most <see cref="LimitsOptions.ConcurrentCallsPerCaller"/> calls of one principal in flight, counted from the
/// request's arrival until its answer has been written. Counting at this depth matters: a client that stops reading
/// (a zero flow-control window) keeps its calls open after the handler returned, holding their answers in memory and
/// taking the CPU that serialised them. Beyond the limit a call is refused at once with RESOURCE_EXHAUSTED, as a
/// trailers-only gRPC answer, which needs no flow-control window to reach the caller.
/// </summary>
public static class CallerConcurrency
{
    public static IServiceCollection AddCallerConcurrencyLimit(this IServiceCollection services, LimitsOptions limits)
    {
        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => CallerKey(http) is { } caller
                ? RateLimitPartition.GetConcurrencyLimiter(caller, _ => new ConcurrencyLimiterOptions
                {
                    PermitLimit = limits.ConcurrentCallsPerCaller,
                    QueueLimit = 0,
                })
                : RateLimitPartition.GetNoLimiter(""));
            options.OnRejected = (rejected, _) =>
            {
                var response = rejected.HttpContext.Response;
                response.StatusCode = StatusCodes.Status200OK;
                response.ContentType = "application/grpc";
                response.Headers["grpc-status"] = "8";
                response.Headers["grpc-message"] = Uri.EscapeDataString(
                    $"Limit reached: at most {limits.ConcurrentCallsPerCaller} calls per caller at once; wait for answers first.");
                return ValueTask.CompletedTask;
            };
        });
        return services;
    }

    /// <summary>
    /// The token's subject, or the remote address for anonymous calls (health, reflection). Null for the development
    /// principal: it stands for every local caller at once, not for one of them, so per-caller limits do not apply.
    /// </summary>
    public static string? CallerKey(HttpContext http) => http.User.Identity switch
    {
        { AuthenticationType: DevelopmentAuthenticationHandler.SchemeName } => null,
        { IsAuthenticated: true } => "sub:" + (http.User.FindFirst(SourcingClaims.Subject)?.Value ?? ""),
        _ => "ip:" + http.Connection.RemoteIpAddress,
    };
}

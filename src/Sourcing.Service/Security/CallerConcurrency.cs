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
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                RateLimitPartition.GetConcurrencyLimiter(CallerKey(http), _ => new ConcurrencyLimiterOptions
                {
                    PermitLimit = limits.ConcurrentCallsPerCaller,
                    QueueLimit = 0,
                }));
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

    /// <summary>The token's subject, or the remote address for anonymous calls (health, reflection).</summary>
    public static string CallerKey(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true
            ? "sub:" + (http.User.FindFirst(SourcingClaims.Subject)?.Value ?? "")
            : "ip:" + http.Connection.RemoteIpAddress;
}

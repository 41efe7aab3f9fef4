using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Sourcing.Service.HealthChecks;

/// <summary>
/// The embedded store lives in this process, so it is up whenever the process answers. Without a check at all the
/// gRPC health service would report UNKNOWN, which a standard probe reads as a dead instance.
/// </summary>
public sealed class InMemoryStoreHealthCheck : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(HealthCheckResult.Healthy("embedded in-memory store"));
}

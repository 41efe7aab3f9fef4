using Microsoft.Extensions.Diagnostics.HealthChecks;
using Sourcing.Orders;

namespace Sourcing.Service.HealthChecks;

/// <summary>Unhealthy while the order store (PostgreSQL) does not answer, so grpc.health.v1 reports NOT_SERVING.</summary>
public sealed class OrderStoreHealthCheck(IOrderStore orders) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await orders.PingAsync(cancellationToken).WaitAsync(Timeout, cancellationToken)
                ? HealthCheckResult.Healthy("The order store answered")
                : HealthCheckResult.Unhealthy("The order store did not answer");
        }
        catch (Exception exception) when (exception is OrderStoreUnavailableException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("The order store is unreachable", exception);
        }
    }
}

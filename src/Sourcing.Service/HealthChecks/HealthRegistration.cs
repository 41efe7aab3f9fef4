using Microsoft.Extensions.Diagnostics.HealthChecks;
using Sourcing.Service.Hosting;

namespace Sourcing.Service.HealthChecks;

public static class HealthRegistration
{
    /// <summary>
    /// grpc.health.v1 over the stock store's check, the order store's and the rules'. The optimizer's warm-up and the rule set's load finish
    /// in hosted services that start, in order, before the server listens, so no probe reaches the service earlier.
    /// Check runs the checks on each call; Watch is fed by the health check publisher, whose default period (30 s after
    /// a 5 s delay) left Watch 40-80 s behind a Redis outage, so it runs every <c>Health:Period</c> (default 1 s).
    /// </summary>
    public static IServiceCollection AddSourcingHealth(this IServiceCollection services, IConfiguration configuration, StorageMode storage)
    {
        var health = services.AddGrpcHealthChecks();
        if (storage == StorageMode.Redis)
        {
            health.AddCheck<RedisHealthCheck>("redis");
        }
        else
        {
            health.AddCheck<InMemoryStoreHealthCheck>("store");
        }

        health.AddCheck<RulesHealthCheck>("rules");
        health.AddCheck<OrderStoreHealthCheck>("orders");

        var period = configuration.GetValue("Health:Period", TimeSpan.FromSeconds(1));
        if (period < TimeSpan.FromMilliseconds(100) || period > TimeSpan.FromMinutes(5))
        {
            throw new InvalidOperationException($"Health:Period must be between 00:00:00.1 and 00:05:00, was {period}.");
        }

        services.Configure<HealthCheckPublisherOptions>(options =>
        {
            options.Delay = TimeSpan.Zero;
            options.Period = period;
            options.Timeout = TimeSpan.FromSeconds(2);
        });
        return services;
    }
}

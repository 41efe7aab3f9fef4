using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sourcing.Service.Hosting;
using Sourcing.Service.Storage.Redis;

namespace Sourcing.Service.Replicas;

public static class ReplicaRegistration
{
    /// <summary>
    /// The instance identity (the <c>Replica</c> section, checked at start-up) and the coordination between replicas:
    /// leases, signals and heartbeats in Redis; in the embedded mode their single-process stand-ins.
    /// </summary>
    public static IServiceCollection AddSourcingReplicas(this IServiceCollection services, StorageMode storage)
    {
        AddIdentity(services);
        if (storage == StorageMode.Redis)
        {
            services.AddSingleton(sp => new ReplicaKeys(sp.GetRequiredService<IOptions<RedisOptions>>().Value.KeyPrefix));
            services.AddSingleton<ILeaseStore, RedisLeaseStore>();
            services.AddSingleton<RedisReplicaBus>();
            services.AddSingleton<IReplicaBus>(sp => sp.GetRequiredService<RedisReplicaBus>());
            // Subscribed before the other hosted services start, so no signal sent once this instance serves is missed.
            services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<RedisReplicaBus>());
            services.AddSingleton<IInstanceRegistry, RedisInstanceRegistry>();
        }
        else
        {
            services.AddSingleton<ILeaseStore, LocalLeaseStore>();
            services.AddSingleton<IReplicaBus, LocalReplicaBus>();
            services.AddSingleton<IInstanceRegistry, LocalInstanceRegistry>();
        }

        services.AddSingleton<InstanceHeartbeat>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<InstanceHeartbeat>());
        services.AddHostedService<RulesReloadFollower>();
        return services;
    }

    /// <summary>
    /// Registers <typeparamref name="TWorker"/> to run only while this instance holds the lease <paramref name="leaseName"/>.
    /// Without replica coordination registered (a worker's own registration tested alone) the lease is always granted.
    /// </summary>
    public static IServiceCollection AddLeasedWorker<TWorker>(this IServiceCollection services, string leaseName)
        where TWorker : IHostedService =>
        services.AddLeasedWorker(leaseName, sp => ActivatorUtilities.CreateInstance<TWorker>(sp));

    public static IServiceCollection AddLeasedWorker(this IServiceCollection services, string leaseName, Func<IServiceProvider, IHostedService> worker)
    {
        // Defaults when the worker's registration is used alone; AddSourcingReplicas binds and validates the section.
        services.AddOptions<ReplicaOptions>();
        services.TryAddSingleton<ILeaseStore, LocalLeaseStore>();
        // Real time, not the service clock: the lease expires in Redis in real time, so renewals must keep to it even
        // when the service clock is a test's fixed one.
        services.AddSingleton<IHostedService>(sp => new LeasedWorker(
            leaseName, worker(sp), sp.GetRequiredService<ILeaseStore>(), sp.GetRequiredService<IOptions<ReplicaOptions>>(),
            TimeProvider.System, sp.GetRequiredService<ILogger<LeasedWorker>>()));
        return services;
    }

    private static void AddIdentity(IServiceCollection services)
    {
        services.AddOptions<ReplicaOptions>().BindConfiguration(ReplicaOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new ReplicaIdentity(sp.GetRequiredService<IOptions<ReplicaOptions>>().Value.InstanceId, sp.GetRequiredService<TimeProvider>().GetUtcNow()));
    }
}

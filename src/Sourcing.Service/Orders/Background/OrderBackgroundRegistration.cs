using Microsoft.Extensions.DependencyInjection.Extensions;
using Sourcing.Orders;
using Sourcing.Service.Replicas;

namespace Sourcing.Service.Orders.Background;

public static class OrderBackgroundRegistration
{
    /// <summary>
    /// The reconciler and the backorder re-sourcer, with their options from the <c>Orders</c> section (checked at
    /// start-up). Expects the order store, the order lifecycle and the stock store to be registered.
    /// </summary>
    public static IServiceCollection AddOrderBackgroundWork(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OrderBackgroundOptions>()
            .Bind(configuration.GetSection(OrderBackgroundOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<OrderReconciler>();
        services.AddLeasedWorker<OrderReconcilerWorker>("order-reconciler");
        services.AddLeasedWorker<BackorderResourcer>("backorder-resourcer");
        return services;
    }
}

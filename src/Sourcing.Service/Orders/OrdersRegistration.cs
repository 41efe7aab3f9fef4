using Sourcing.Orders;
using Sourcing.Orders.Storage.InMemory;

namespace Sourcing.Service.Orders;

public static class OrdersRegistration
{
    /// <summary>The order lifecycle, its store, and its gateway to sourcing and the inventory.</summary>
    public static IServiceCollection AddSourcingOrders(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OrdersOptions>().BindConfiguration(OrdersOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<OrderLifecycle>();
        services.AddSingleton<OrderReconciler>();
        services.AddSingleton<IOrderSourcing, OrderSourcingGateway>();
        services.AddSingleton<IOrderFaults>(NoOrderFaults.Instance);
        AddOrderStore(services, configuration);
        return services;
    }

    /// <summary>The one place the order store is chosen.</summary>
    private static void AddOrderStore(IServiceCollection services, IConfiguration configuration)
    {
        var store = configuration[OrdersOptions.Section + ":" + nameof(OrdersOptions.Store)] ?? "memory";
        switch (store)
        {
            case "memory":
                services.AddSingleton<IOrderStore, InMemoryOrderStore>();
                break;
            case "postgres":
                throw new InvalidOperationException("Orders:Store is \"postgres\", but this build has no PostgreSQL order store yet; use \"memory\".");
            default:
                throw new InvalidOperationException($"Orders:Store must be \"memory\" or \"postgres\", was \"{store}\".");
        }
    }
}

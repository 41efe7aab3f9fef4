using Sourcing.Orders;
using Sourcing.Orders.Storage.InMemory;
using Sourcing.Orders.Storage.Postgres;
using Sourcing.Service.Orders.Background;

namespace Sourcing.Service.Orders;

public static class OrdersRegistration
{
    /// <summary>The order lifecycle, its store, and its gateway to sourcing and the inventory. Returns the store chosen.</summary>
    public static string AddSourcingOrders(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OrdersOptions>().BindConfiguration(OrdersOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<OrderLifecycle>();
        services.AddSingleton<OrderReconciler>();
        services.AddSingleton<IOrderSourcing, OrderSourcingGateway>();
        services.AddSingleton<IOrderFaults>(NoOrderFaults.Instance);
        var store = AddOrderStore(services, configuration);

        // After the store: with Orders:ApplyMigrations its schema is migrated before the workers first read it.
        services.AddOrderBackgroundWork(configuration);
        return store;
    }

    /// <summary>The one place the order store is chosen.</summary>
    private static string AddOrderStore(IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(OrdersOptions.Section).Get<OrdersOptions>() ?? new OrdersOptions();
        switch (options.EffectiveStore)
        {
            case "memory":
                services.AddSingleton<IOrderStore, InMemoryOrderStore>();
                break;
            case "postgres":
                if (string.IsNullOrWhiteSpace(options.ConnectionString))
                {
                    throw new InvalidOperationException("Orders:Store is \"postgres\" but Orders:ConnectionString is not set.");
                }

                services.AddPostgresOrderStore(options.ConnectionString, store => store.CommandTimeout = options.CommandTimeout);
                if (options.ApplyMigrations)
                {
                    // Registered before the server: hosted services start in order, so no call reaches an old schema.
                    services.AddHostedService(_ => new OrderMigrationsAtStart(options.ConnectionString));
                }

                break;
            default:
                throw new InvalidOperationException($"Orders:Store must be \"memory\" or \"postgres\", was \"{options.Store}\".");
        }

        return options.EffectiveStore;
    }
}

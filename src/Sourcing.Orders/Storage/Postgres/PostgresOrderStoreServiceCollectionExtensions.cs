using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Sourcing.Orders.Storage.Postgres;

public static class PostgresOrderStoreServiceCollectionExtensions
{
    /// <summary>
    /// Orders in PostgreSQL: the connection pool, a pooled <see cref="OrdersDbContext"/> factory over it, and
    /// <see cref="PostgresOrderStore"/> as the <see cref="IOrderStore"/> (its feed listener starts with the first
    /// watcher). Receivables live in the same database: <see cref="PostgresBillingStore"/> is the <see cref="Billing.IBillingStore"/>,
    /// on the same connection pool, and so do customers (<see cref="PostgresCustomerStore"/>). The schema is not touched: run <see cref="OrdersDatabase.MigrateAsync"/> first.
    /// </summary>
    public static IServiceCollection AddPostgresOrderStore(this IServiceCollection services, string connectionString, Action<PostgresOrderStoreOptions>? configure = null)
    {
        var options = new PostgresOrderStoreOptions { ConnectionString = connectionString };
        configure?.Invoke(options);
        options.Validate();

        services.AddSingleton(_ => new OrdersDataSource(options));
        services.AddPooledDbContextFactory<OrdersDbContext>((provider, builder) =>
            OrdersDatabase.Configure(builder, provider.GetRequiredService<OrdersDataSource>().DataSource, options.CommandTimeout));
        services.AddSingleton<PostgresOrderStore>();
        services.AddSingleton<IOrderStore>(provider => provider.GetRequiredService<PostgresOrderStore>());
        services.AddSingleton<PostgresBillingStore>();
        services.AddSingleton<Billing.IBillingStore>(provider => provider.GetRequiredService<PostgresBillingStore>());
        services.AddSingleton<PostgresCustomerStore>();
        services.AddSingleton<Customers.ICustomerStore>(provider => provider.GetRequiredService<PostgresCustomerStore>());
        return services;
    }
}

using Microsoft.Extensions.Options;
using Sourcing.Orders.Customers;
using Sourcing.Orders.Customers.Overview;
using Sourcing.Orders.Customers.Privacy;
using Sourcing.Orders.Customers.Search;
using Sourcing.Orders.Storage.InMemory;

namespace Sourcing.Service.Customers;

public static class CustomerRegistration
{
    /// <summary>
    /// The customer settings of the <c>Customers</c> section (checked at start), the customer store next to the order
    /// store (PostgreSQL on the same database when orders are there, memory otherwise), the directory — also the
    /// order lifecycle's <see cref="IOrderCustomers"/>, so every order finds its customer — and the readers behind the
    /// overview, search and privacy.
    /// </summary>
    public static IServiceCollection AddSourcingCustomers(this IServiceCollection services, string orderStore)
    {
        services.AddOptions<CustomerOptions>().BindConfiguration(CustomerOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CustomerOptions>, CustomerOptionsValidation>();
        if (orderStore == "memory")
        {
            // With PostgreSQL the customer store is registered with the order store, on the same connection pool.
            services.AddSingleton<ICustomerStore, InMemoryCustomerStore>();
        }

        services.AddSingleton<CustomerDirectory>();
        services.AddSingleton<IOrderCustomers>(sp => sp.GetRequiredService<CustomerDirectory>());
        services.AddSingleton<CustomerFactsReader>();
        services.AddSingleton<CustomerOverviewReader>();
        services.AddSingleton<CustomerSearch>();
        services.AddSingleton<CustomerPrivacy>();
        return services;
    }
}

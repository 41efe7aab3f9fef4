using Microsoft.Extensions.Options;
using Sourcing.Orders.Billing;
using Sourcing.Orders.Billing.Receivables;
using Sourcing.Orders.Storage.InMemory;
using Sourcing.Service.Orders;

namespace Sourcing.Service.Billing;

public static class BillingRegistration
{
    /// <summary>
    /// The <c>Billing</c> settings (checked at start), the billing store next to the order store (PostgreSQL on the
    /// same database when orders are there, memory otherwise), the billing services and their background work.
    /// </summary>
    public static IServiceCollection AddSourcingBilling(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment, string orderStore)
    {
        services.AddOptions<BillingOptions>().BindConfiguration(BillingOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BillingOptions>, BillingOptionsValidation>();
        if (environment.IsDevelopment())
        {
            // So the README's walk-through prints an invoice on a bare `dotnet run`; elsewhere the seller is required.
            services.PostConfigure<BillingOptions>(options =>
            {
                if (string.IsNullOrWhiteSpace(options.Seller.Name))
                {
                    options.Seller = DevelopmentSeller();
                }
            });
        }

        // The billing services take the settings as a value: they are fixed for the life of the process.
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<BillingOptions>>().Value);
        AddBillingStore(services, configuration, orderStore);
        services.AddSingleton<ReceivablesService>();
        return services;
    }

    private static void AddBillingStore(IServiceCollection services, IConfiguration configuration, string orderStore)
    {
        _ = configuration;
        switch (orderStore)
        {
            case "postgres":
            case "memory":
                services.AddSingleton<IBillingStore, InMemoryBillingStore>();
                break;
            default:
                throw new InvalidOperationException($"No billing store for the order store \"{orderStore}\".");
        }
    }

    private static BillingParty DevelopmentSeller() => new()
    {
        Name = "Sourcing Demo GmbH",
        Street = "Friedrichstraße 1",
        PostalCode = "10117",
        City = "Berlin",
        Country = "DE",
        VatId = "DE000000000",
        TaxNumber = "00/000/00000",
        Email = "billing@example.org",
    };
}

using Microsoft.Extensions.Options;
using Sourcing.Orders;
using Sourcing.Orders.Billing;
using Sourcing.Orders.Billing.Capture;
using Sourcing.Orders.Billing.Dunning;
using Sourcing.Orders.Billing.Invoicing;
using Sourcing.Orders.Billing.Receivables;
using Sourcing.Orders.Storage.InMemory;
using Sourcing.Service.Billing.Background;
using Sourcing.Service.Replicas;

namespace Sourcing.Service.Billing;

public static class BillingRegistration
{
    /// <summary>
    /// The <c>Billing</c> settings (checked at start), the billing store next to the order store (PostgreSQL on the
    /// same database when orders are there, memory otherwise), the billing services and their background work.
    /// </summary>
    public static IServiceCollection AddSourcingBilling(this IServiceCollection services, IHostEnvironment environment, string orderStore)
    {
        services.AddOptions<BillingOptions>().BindConfiguration(BillingOptions.Section).ValidateOnStart();
        var requireSeller = BillingOptionsValidation.SellerRequired(environment, orderStore);
        services.AddSingleton<IValidateOptions<BillingOptions>>(new BillingOptionsValidation(requireSeller));
        if (!requireSeller)
        {
            // So the README's walk-through prints an invoice on a bare `dotnet run`; a deployment keeping its invoices must name the seller.
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
        if (orderStore == "memory")
        {
            // With PostgreSQL the billing store is registered with the order store, on the same connection pool.
            services.AddSingleton<IBillingStore, InMemoryBillingStore>();
        }

        services.AddSingleton<InvoicingService>();
        services.AddSingleton<ShipmentInvoicingFollower>();
        services.AddSingleton<ReceivablesService>();
        services.AddSingleton<BankStatementImport>();
        services.AddSingleton<CustomerAccounts>();
        services.AddSingleton<DunningService>();

        // The payment rules read the customer's credit from the receivables (the sourcing default knows no customer).
        services.AddSingleton<ICustomerCreditFacts, CreditFactsReader>();
        services.AddLeasedWorker<ScheduledDunning>("scheduled-dunning");
        services.AddSingleton<PaymentResultService>();
        services.AddSingleton<PaymentHoldFollower>();
        AddFollower(services, PaymentHoldFollower.CheckpointName,
            sp => sp.GetRequiredService<PaymentHoldFollower>().RunOnceAsync,
            sp => BillingFollowerWorker.BillingFeed(sp.GetRequiredService<IBillingStore>(), PaymentHoldFollower.CheckpointName));
        AddFollower(services, ShipmentInvoicingFollower.CheckpointName,
            sp => sp.GetRequiredService<ShipmentInvoicingFollower>().RunOnceAsync,
            sp => BillingFollowerWorker.OrderFeed(sp.GetRequiredService<IOrderStore>(), sp.GetRequiredService<IBillingStore>(), ShipmentInvoicingFollower.CheckpointName));
        return services;
    }

    private static void AddFollower(
        IServiceCollection services, string name, Func<IServiceProvider, Func<CancellationToken, Task<int>>> runOnce, Func<IServiceProvider, Func<TimeSpan, CancellationToken, Task>> wait) =>
        services.AddLeasedWorker("billing-follower:" + name, sp => new BillingFollowerWorker(
            name, runOnce(sp), wait(sp), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<BillingFollowerWorker>>()));

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

using Microsoft.Extensions.Options;
using Sourcing.Orders;
using Sourcing.Orders.Returns;
using Sourcing.Orders.Returns.Settlement;
using Sourcing.Service.Replicas;
using Sourcing.Service.Returns.Background;

namespace Sourcing.Service.Returns;

public static class ReturnRegistration
{
    /// <summary>
    /// The <c>Returns</c> settings (checked at start), the return service with its ports (the policy from the rule files,
    /// destinations from the location network, restocks through the stock ledger, money and linked orders through
    /// billing and the order lifecycle), and the minute-by-minute deadline worker.
    /// </summary>
    public static IServiceCollection AddSourcingReturns(this IServiceCollection services)
    {
        services.AddOptions<ReturnOptions>().BindConfiguration(ReturnOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReturnOptions>, ReturnOptionsValidation>();

        // The return services take the settings as a value: they are fixed for the life of the process.
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ReturnOptions>>().Value);
services.AddSingleton<IReturnPolicy, RulesReturnPolicy>();
services.AddSingleton<IReturnRouting, ReturnDestinationPlanner>();
services.AddSingleton<IReturnStock, LedgerReturnStock>();
        services.AddSingleton<IReturnSettlement, ReturnSettlement>();
        services.AddSingleton<ReturnService>();
        services.AddSingleton<IReturnReconciler>(sp => new LazyReturnReconciler(sp));
        services.AddSingleton<ReturnProposer>();
        services.AddLeasedWorker<ReturnDeadlineWorker>("return-deadlines");
        return services;
    }
}

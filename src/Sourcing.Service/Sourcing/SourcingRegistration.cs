using Microsoft.Extensions.DependencyInjection.Extensions;
using Sourcing.Orders.Billing;

namespace Sourcing.Service.Sourcing;

public static class SourcingRegistration
{
    public static IServiceCollection AddSourcingPipeline(this IServiceCollection services)
    {
        services.AddOptions<SourcingOptions>().BindConfiguration(SourcingOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.TransitDays.Count > 0 && o.TransitDays.All(b => b.UpToKm > 0 && b.StandardDays >= 0 && b.ExpressDays >= 0),
                "Sourcing:TransitDays needs at least one band with UpToKm > 0 and non-negative days.")
            .ValidateOnStart();
        services.AddOptions<CustomerCreditOptions>().BindConfiguration(CustomerCreditOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // The receivables register the real facts; until then (or in a host without them) no customer owes anything.
        services.TryAddSingleton<ICustomerCreditFacts, NoCustomerCreditFacts>();
        services.AddSingleton<CustomerCreditReader>();
        services.AddSingleton<CostModel>();
        services.AddSingleton<DeliveryCalendar>();
        services.AddSingleton<SolveBudget>();
        services.AddSingleton<SourcingPipeline>();
        services.AddSingleton<SourceOrderHandler>();
        services.AddSingleton<PromiseHandler>();
        services.AddSingleton<OptimizerReadiness>();
        services.AddHostedService<OptimizerWarmUp>();
        return services;
    }
}

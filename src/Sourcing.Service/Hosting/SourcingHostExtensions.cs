using Sourcing.Service.Audit;
using Sourcing.Service.Billing;
using Sourcing.Service.Customers;
using Sourcing.Service.Demo;
using Sourcing.Service.Grpc;
using Sourcing.Service.HealthChecks;
using Sourcing.Service.Inventory;
using Sourcing.Service.Locations;
using Sourcing.Service.Orders;
using Sourcing.Service.Replicas;
using Sourcing.Service.Returns;
using Sourcing.Service.Rules;
using Sourcing.Service.Security;
using Sourcing.Service.Sourcing;
using Sourcing.Service.Telemetry;

namespace Sourcing.Service.Hosting;

/// <summary>All of the service's wiring, so Program.cs stays a few lines.</summary>
public static class SourcingHostExtensions
{
    public static WebApplicationBuilder AddSourcing(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddGrpc(options =>
        {
            options.Interceptors.Add<CallerLimitsInterceptor>();
            options.Interceptors.Add<AuditInterceptor>();
            options.Interceptors.Add<ExceptionMappingInterceptor>();
            options.EnableDetailedErrors = builder.Environment.IsDevelopment();
        });
        services.AddGrpcReflection();

        builder.ListenOnDefaultEndpointUnlessConfigured();
        builder.AddSourcingSecurity();
        builder.AddSourcingLimits();
        var storage = services.AddSourcingStorage(builder.Configuration, builder.Environment);
        services.AddSourcingHealth(builder.Configuration, storage);
        services.AddSourcingReplicas(storage);

        services.AddOptions<InventoryOptions>().BindConfiguration(InventoryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LocationCatalog>();
        services.AddSingleton<StockLedger>();
        services.AddSingleton<StockWatcher>();
        services.AddLeasedWorker<ReservationSweeper>("reservation-sweeper");

        services.AddSourcingRules();
        services.AddSourcingPipeline();
        var orderStore = services.AddSourcingOrders(builder.Configuration);
        services.AddSourcingBilling(builder.Environment, orderStore);
        services.AddSourcingReturns();
        services.AddSourcingCustomers(orderStore);

        services.AddOptions<DemoDataOptions>().BindConfiguration(DemoDataOptions.Section);
        services.PostConfigure<DemoDataOptions>(o => o.Seed ??= storage == StorageMode.InMemory);
        services.AddHostedService<DemoDataSeeder>();
        services.AddHostedService<DemoBillingSeeder>();
        services.AddHostedService<DemoReturnSeeder>();
        services.AddHostedService<DemoCustomerSeeder>();
        builder.AddSourcingTelemetry();
        return builder;
    }

    public static WebApplication MapSourcing(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.MapGrpcService<InventoryGrpcService>();
        app.MapGrpcService<LocationGrpcService>();
        app.MapGrpcService<RulesGrpcService>();
        app.MapGrpcService<SourcingGrpcService>();
        app.MapGrpcService<AuditGrpcService>();
        app.MapGrpcService<OrderGrpcService>();
        app.MapGrpcService<BillingGrpcService>();
        app.MapGrpcService<ReturnGrpcService>();
        app.MapGrpcService<CustomerGrpcService>();

        // Probes and API discovery need no token: they reveal nothing the public protos do not.
        app.MapGrpcHealthChecksService().AllowAnonymous();
        app.MapGrpcReflectionService().AllowAnonymous();
        app.MapGet("/", () => "Sourcing speaks gRPC (HTTP/2). See README.md for grpcurl examples.").AllowAnonymous();
        EndpointPolicyCheck.Verify(app);
        return app;
    }
}

using Sourcing.Service.Demo;
using Sourcing.Service.Grpc;
using Sourcing.Service.Inventory;
using Sourcing.Service.Locations;
using Sourcing.Service.Rules;
using Sourcing.Service.Sourcing;
using Sourcing.Service.Storage.Redis;

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
            options.Interceptors.Add<ExceptionMappingInterceptor>();
            options.EnableDetailedErrors = builder.Environment.IsDevelopment();
        });
        services.AddGrpcReflection();

        var usesRedis = services.AddSourcingStorage(builder.Configuration);
        var health = services.AddGrpcHealthChecks();
        if (usesRedis)
        {
            health.AddCheck<RedisHealthCheck>("redis");
        }

        services.AddOptions<InventoryOptions>().BindConfiguration(InventoryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LocationCatalog>();
        services.AddSingleton<StockLedger>();
        services.AddSingleton<StockWatcher>();
        services.AddHostedService<ReservationSweeper>();

        services.AddSourcingRules();
        services.AddSourcingPipeline();

        services.AddOptions<DemoDataOptions>().BindConfiguration(DemoDataOptions.Section);
        services.PostConfigure<DemoDataOptions>(o => o.Seed ??= !usesRedis);
        services.AddHostedService<DemoDataSeeder>();
        return builder;
    }

    public static WebApplication MapSourcing(this WebApplication app)
    {
        app.MapGrpcService<InventoryGrpcService>();
        app.MapGrpcService<LocationGrpcService>();
        app.MapGrpcService<RulesGrpcService>();
        app.MapGrpcService<SourcingGrpcService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        app.MapGet("/", () => "Sourcing speaks gRPC (HTTP/2). See README.md for grpcurl examples.");
        return app;
    }
}

using Grpc.AspNetCore.Server;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Sourcing.Service.Inventory;

namespace Sourcing.Service.Telemetry;

public static class TelemetryRegistration
{
    /// <summary>
    /// The <c>Telemetry</c> settings (checked at start) and, only when <see cref="TelemetryOptions.Enabled"/>, the tracer
    /// and meter providers with their exporters, the RPC metrics interceptor, the traced stock store and the lag sampler.
    /// Off registers none of them: the service's spans and instruments then have no listener and cost nothing.
    /// Call after the stores are registered: the stock store is wrapped, whichever it is.
    /// </summary>
    public static WebApplicationBuilder AddSourcingTelemetry(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var section = builder.Configuration.GetSection(TelemetryOptions.Section);
        if (TelemetryOptionsValidation.UnknownKeys(section) is { Count: > 0 } unknown)
        {
            throw new InvalidOperationException($"Unknown setting {string.Join(", ", unknown)}; see the Telemetry section of README.md.");
        }

        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidation>();

        // The providers are built from the settings as they are now; a bad value is refused by the validation above
        // before anything is exported, so here it is only read.
        var settings = section.Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (!settings.Enabled)
        {
            return builder;
        }

        services.Configure<GrpcServiceOptions>(options =>
        {
            // Outermost, so the status recorded is the one the caller gets (after the exception mapping).
            options.Interceptors.Add<RpcMetricsInterceptor>();
            var registration = options.Interceptors[^1];
            options.Interceptors.RemoveAt(options.Interceptors.Count - 1);
            options.Interceptors.Insert(0, registration);
        });
        services.AddSingleton<RpcMetricsInterceptor>();
        DecorateStockStore(services);
        services.AddHostedService<OutboxLagSampler>();

        var otlp = OtlpTarget.From(settings.Otlp);
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(settings.ServiceName))
            .WithTracing(tracing =>
            {
                tracing.AddSource(SourcingTelemetry.Name).AddAspNetCoreInstrumentation().AddNpgsql();
                if (otlp is not null)
                {
                    tracing.AddOtlpExporter(o => otlp.Apply(o, "v1/traces"));
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(SourcingTelemetry.Name).AddAspNetCoreInstrumentation().AddNpgsqlInstrumentation();
                if (otlp is not null)
                {
                    metrics.AddOtlpExporter(o => otlp.Apply(o, "v1/metrics"));
                }

                if (settings.Prometheus.Enabled)
                {
                    metrics.AddPrometheusHttpListener(o =>
                    {
                        o.Host = settings.Prometheus.Host;
                        o.Port = settings.Prometheus.Port;
                    });
                }
            });
        return builder;
    }

    /// <summary>Wraps the registered <see cref="IStockStore"/> (Redis, in memory, or a test's) in <see cref="TracedStockStore"/>.</summary>
    private static void DecorateStockStore(IServiceCollection services)
    {
        var inner = services.LastOrDefault(d => d.ServiceType == typeof(IStockStore))
            ?? throw new InvalidOperationException("Telemetry is registered before the stock store; register the stores first.");
        services.Replace(ServiceDescriptor.Singleton<IStockStore>(sp => new TracedStockStore(Create(sp, inner))));
    }

    private static IStockStore Create(IServiceProvider sp, ServiceDescriptor descriptor) => (IStockStore)(
        descriptor.ImplementationInstance
        ?? descriptor.ImplementationFactory?.Invoke(sp)
        ?? ActivatorUtilities.CreateInstance(sp, descriptor.ImplementationType!));

    /// <summary>
    /// The OTLP collector from the settings. Over HTTP the exporter takes a configured endpoint as the full address of
    /// one signal, so the signal's path is added here; over gRPC the address is the collector's.
    /// </summary>
    private sealed record OtlpTarget(Uri Endpoint, OtlpExportProtocol Protocol)
    {
        /// <summary>
        /// Null when nothing is to be exported, or when the settings do not parse: the start validation then refuses
        /// them naming the setting (parsing here would stop the start first, with a bare "Invalid URI").
        /// </summary>
        public static OtlpTarget? From(TelemetryOptions.OtlpSettings settings) =>
            !string.IsNullOrWhiteSpace(settings.Endpoint)
            && Uri.TryCreate(settings.Endpoint, UriKind.Absolute, out var endpoint)
            && Enum.TryParse<OtlpExportProtocol>(settings.Protocol, ignoreCase: true, out var protocol)
                ? new OtlpTarget(endpoint, protocol)
                : null;

        public void Apply(OtlpExporterOptions options, string signalPath)
        {
            options.Protocol = Protocol;
            options.Endpoint = Protocol == OtlpExportProtocol.HttpProtobuf
                ? new Uri(Endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath)
                : Endpoint;
        }
    }
}

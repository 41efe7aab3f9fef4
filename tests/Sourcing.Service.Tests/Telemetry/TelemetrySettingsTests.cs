using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Sourcing.Service.Inventory;
using Sourcing.Service.Storage.InMemory;
using Sourcing.Service.Telemetry;
using Sourcing.Service.Tests.Infrastructure;

namespace Sourcing.Service.Tests.Telemetry;

/// <summary>Telemetry settings: off registers nothing, a bad setting stops the start naming it.</summary>
public sealed class TelemetrySettingsTests
{
    [Fact]
    public void Start_TelemetryOff_RegistersNoProviderAndNoTracedStore()
    {
        using var host = new ConfiguredHost("Development", new Dictionary<string, string?> { ["Demo:Seed"] = "false" });

        Assert.Null(host.Services.GetService<TracerProvider>());
        Assert.Null(host.Services.GetService<MeterProvider>());
        Assert.IsNotType<TracedStockStore>(host.Services.GetRequiredService<IStockStore>());
    }

    [Fact]
    public void Start_TelemetryOn_RegistersProvidersAndTracedStore()
    {
        using var host = new ConfiguredHost("Development", new Dictionary<string, string?> { ["Demo:Seed"] = "false", ["Telemetry:Enabled"] = "true" });

        Assert.NotNull(host.Services.GetService<TracerProvider>());
        Assert.NotNull(host.Services.GetService<MeterProvider>());
        Assert.IsType<TracedStockStore>(host.Services.GetRequiredService<IStockStore>());
    }

    [Theory]
    [InlineData("Telemetry:Otlp:Endpoint", "localhost:4317", "Telemetry:Otlp:Endpoint")]
    [InlineData("Telemetry:Otlp:Endpoint", "ftp://collector:4317", "Telemetry:Otlp:Endpoint")]
    [InlineData("Telemetry:Otlp:Protocol", "udp", "Telemetry:Otlp:Protocol")]
    [InlineData("Telemetry:Prometheus:Port", "0", "Telemetry:Prometheus:Port")]
    [InlineData("Telemetry:Prometheus:Port", "70000", "Telemetry:Prometheus:Port")]
    [InlineData("Telemetry:Prometheus:Host", "bad host", "Telemetry:Prometheus:Host")]
    [InlineData("Telemetry:ServiceName", " ", "Telemetry:ServiceName")]
    [InlineData("Telemetry:LagSampleInterval", "00:00:00", "LagSampleInterval")]
    public void AddSourcingTelemetry_BadSetting_RefusedAtStartNamingIt(string key, string value, string named)
    {
        using var provider = Register(new() { ["Telemetry:Enabled"] = "true", [key] = value });

        var refused = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(named, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddSourcingTelemetry_PrometheusOnButTelemetryOff_RefusedAtStart()
    {
        using var provider = Register(new() { ["Telemetry:Prometheus:Enabled"] = "true" });

        var refused = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Telemetry:Enabled", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddSourcingTelemetry_GoodSettings_PassStartValidation()
    {
        using var provider = Register(new()
        {
            ["Telemetry:Enabled"] = "true",
            ["Telemetry:Otlp:Endpoint"] = "http://collector:4318",
            ["Telemetry:Otlp:Protocol"] = "HttpProtobuf",
            ["Telemetry:Prometheus:Enabled"] = "true",
            ["Telemetry:Prometheus:Port"] = "9464",
        });

        provider.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void AddSourcingTelemetry_MisspeltSetting_RefusedNamingIt()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => Register(new() { ["Telemetry:Otlp:Endpiont"] = "http://localhost:4317" }));

        Assert.Contains("Telemetry:Otlp:Endpiont", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>The telemetry registration alone, on a builder with the given settings and an in-memory stock store.</summary>
    private static ServiceProvider Register(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<IStockStore, InMemoryStockStore>();
        builder.AddSourcingTelemetry();
        return builder.Services.BuildServiceProvider();
    }
}

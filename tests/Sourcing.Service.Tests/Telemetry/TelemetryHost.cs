using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Sourcing.Service.Tests.Infrastructure;

namespace Sourcing.Service.Tests.Telemetry;

/// <summary>
/// The real host with telemetry on and the in-memory exporters beside the configured ones. Span sources and meters are
/// process-wide, so other tests' hosts running at the same time may add their spans: read one trace by its id.
/// </summary>
internal sealed class TelemetryHost : IDisposable
{
    public TelemetryHost(string redisEndpoint, IDictionary<string, string?>? more = null)
    {
        var settings = TestTokens.HostSettings();
        settings["Telemetry:Enabled"] = "true";
        settings["Telemetry:ServiceName"] = "sourcing-test";
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        Host = new SourcingHost(redisEndpoint, settings, services =>
        {
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans));
            services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(Metrics));
        }) { DefaultToken = TestTokens.For("ops", ["operations-admin"]) };
    }

    public SourcingHost Host { get; }

    /// <summary>SourcingService as the web shop's channel calls it (an administrator may not source orders).</summary>
    public global::Sourcing.V1.SourcingService.SourcingServiceClient Sourcing =>
        new(Host.ChannelFor(TestTokens.For("web-shop", ["channel"], channels: ["web"])));

    public List<Activity> Spans { get; } = [];

    public List<Metric> Metrics { get; } = [];

    /// <summary>The spans of the trace whose root span carries <paramref name="tag"/> = <paramref name="value"/>, once the root has ended.</summary>
    public async Task<IReadOnlyList<Activity>> TraceAsync(string tag, string value)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            // The server span ends after the answer is sent, so the client may be a moment ahead of the exporter.
            List<Activity> spans;
            lock (Spans)
            {
                spans = [.. Spans];
            }

            if (spans.FirstOrDefault(s => s.Parent is null && s.ParentSpanId == default && Equals(s.GetTagItem(tag), value)) is { } root)
            {
                return spans.Where(s => s.TraceId == root.TraceId).ToList();
            }

            Assert.True(DateTime.UtcNow < deadline, $"no finished trace with {tag}={value}");
            await Task.Delay(50);
        }
    }

    /// <summary>Collects now and returns every exported point of the named metric (cumulative, so the newest export suffices).</summary>
    public IReadOnlyList<MetricPoint> Points(string metricName)
    {
        Host.Services.GetRequiredService<MeterProvider>().ForceFlush();
        lock (Metrics)
        {
            var points = new List<MetricPoint>();
            foreach (var metric in Metrics.Where(m => m.Name == metricName).TakeLast(1))
            {
                foreach (ref readonly var point in metric.GetMetricPoints())
                {
                    points.Add(point);
                }
            }

            return points;
        }
    }

    public static object? Tag(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key)
            {
                return tag.Value;
            }
        }

        return null;
    }

    public void Dispose() => Host.Dispose();
}

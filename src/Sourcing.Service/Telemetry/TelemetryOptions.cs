using System.ComponentModel.DataAnnotations;

namespace Sourcing.Service.Telemetry;

/// <summary>Bound from the <c>Telemetry</c> section and validated at start-up (see <see cref="TelemetryOptionsValidation"/>).</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>Off by default: no tracer or meter provider is registered at all, so nothing is collected.</summary>
    public bool Enabled { get; set; }

    /// <summary>The <c>service.name</c> resource attribute every span and metric carries.</summary>
    public string ServiceName { get; set; } = "sourcing";

    public OtlpSettings Otlp { get; set; } = new();

    public PrometheusSettings Prometheus { get; set; } = new();

    /// <summary>How often the feed followers' lag is read from the stores for the <c>sourcing.outbox.lag</c> gauge.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LagSampleInterval { get; set; } = TimeSpan.FromSeconds(15);

    public sealed class OtlpSettings
    {
        /// <summary>
        /// The collector's OTLP endpoint, e.g. <c>http://localhost:4317</c> (gRPC) or <c>http://localhost:4318</c>
        /// (with <see cref="Protocol"/> <c>HttpProtobuf</c>). Empty: traces and metrics are not pushed anywhere.
        /// </summary>
        public string Endpoint { get; set; } = "";

        /// <summary><c>Grpc</c> (default) or <c>HttpProtobuf</c>.</summary>
        public string Protocol { get; set; } = "Grpc";
    }

    public sealed class PrometheusSettings
    {
        /// <summary>Serve <c>/metrics</c> in Prometheus' text format on <see cref="Port"/>.</summary>
        public bool Enabled { get; set; }

        /// <summary>
        /// The port of the scrape endpoint: its own HTTP/1.1 listener, because the service's endpoints speak HTTP/2 only
        /// (plain-text gRPC) and Prometheus scrapes over HTTP/1.1. Must differ from the service's own port.
        /// </summary>
        public int Port { get; set; } = 9464;

        /// <summary>The host name the listener binds: <c>localhost</c> (default) or <c>*</c> for every interface.</summary>
        public string Host { get; set; } = "localhost";
    }
}

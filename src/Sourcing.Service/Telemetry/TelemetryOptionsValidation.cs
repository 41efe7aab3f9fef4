using System.Reflection;
using Microsoft.Extensions.Options;

namespace Sourcing.Service.Telemetry;

/// <summary>
/// Checks the <c>Telemetry</c> section at start, so a wrong collector address or port stops the service with the reason
/// instead of telemetry that silently goes nowhere.
/// </summary>
internal sealed class TelemetryOptionsValidation : IValidateOptions<TelemetryOptions>
{
    private static readonly string[] Protocols = ["Grpc", "HttpProtobuf"];

    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ServiceName) || options.ServiceName.Length > 255)
        {
            problems.Add($"Telemetry:ServiceName must be 1 to 255 characters, was '{options.ServiceName}'");
        }

        var endpoint = options.Otlp.Endpoint;
        if (endpoint.Length > 0 && !(Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0))
        {
            problems.Add($"Telemetry:Otlp:Endpoint must be empty (no OTLP export) or an absolute http(s) address such as http://localhost:4317, was '{endpoint}'");
        }

        if (!Protocols.Contains(options.Otlp.Protocol, StringComparer.OrdinalIgnoreCase))
        {
            problems.Add($"Telemetry:Otlp:Protocol must be {string.Join(" or ", Protocols)}, was '{options.Otlp.Protocol}'");
        }

        var prometheus = options.Prometheus;
        if (prometheus.Enabled && !options.Enabled)
        {
            problems.Add("Telemetry:Prometheus:Enabled is true but Telemetry:Enabled is false: nothing would be served; turn both on or neither");
        }

        if (prometheus.Port is < 1 or > 65535)
        {
            problems.Add($"Telemetry:Prometheus:Port must be 1 to 65535, was {prometheus.Port}");
        }

        if (prometheus.Host is not ("*" or "+") && Uri.CheckHostName(prometheus.Host) == UriHostNameType.Unknown)
        {
            problems.Add($"Telemetry:Prometheus:Host must be a host name, an IP address or *, was '{prometheus.Host}'");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>Names of keys under the section that no setting reads (a typo such as <c>Telemetry:Enable</c>).</summary>
    public static IReadOnlyList<string> UnknownKeys(IConfigurationSection section) => UnknownKeys(section, typeof(TelemetryOptions)).ToList();

    private static IEnumerable<string> UnknownKeys(IConfigurationSection section, Type type)
    {
        foreach (var child in section.GetChildren())
        {
            var property = type.GetProperty(child.Key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null)
            {
                yield return child.Path;
            }
            else if (property.PropertyType.IsClass && property.PropertyType != typeof(string))
            {
                foreach (var unknown in UnknownKeys(child, property.PropertyType))
                {
                    yield return unknown;
                }
            }
        }
    }
}

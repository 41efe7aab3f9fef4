using Sourcing.Service.Hosting;

namespace Sourcing.Service.Security;

/// <summary>The plain-text (http://) addresses the service would listen on, from the same settings Kestrel reads.</summary>
internal static class PlaintextEndpoints
{
    public static List<string> Find(IConfiguration configuration)
    {
        var urls = (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        urls.AddRange((configuration["http_ports"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(port => $"http://*:{port}"));
        urls.AddRange(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(endpoint => endpoint["Url"] ?? ""));
        if (urls.Count == 0 && string.IsNullOrWhiteSpace(configuration["https_ports"]))
        {
            urls.Add(EndpointDefaults.DefaultUrl);
        }

        return urls.Where(url => url.StartsWith("http://", StringComparison.OrdinalIgnoreCase)).ToList();
    }
}

using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Sourcing.Service.Hosting;

public static class EndpointDefaults
{
    /// <summary>Where the service listens when nothing says otherwise: the port the README's examples call.</summary>
    public const string DefaultUrl = "http://localhost:5080";

    /// <summary>
    /// Listens on <see cref="DefaultUrl"/> only when no address is configured in any of the ways ASP.NET Core users
    /// expect: <c>--urls</c>, <c>ASPNETCORE_URLS</c> / <c>URLS</c>, <c>ASPNETCORE_HTTP_PORTS</c> /
    /// <c>ASPNETCORE_HTTPS_PORTS</c>, or <c>Kestrel:Endpoints</c>. A default written into appsettings' Kestrel section
    /// would instead override all of them (Kestrel's own endpoints win over URLs), which is why it lives here.
    /// Every endpoint, however given, speaks <c>Kestrel:EndpointDefaults:Protocols</c> (default <c>Http2</c>): plain-text
    /// gRPC needs HTTP/2 only (prior knowledge), and Kestrel applies that setting to its configured endpoints alone.
    /// </summary>
    public static WebApplicationBuilder ListenOnDefaultEndpointUnlessConfigured(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var configured = new[] { "urls", "http_ports", "https_ports" }.Any(key => !string.IsNullOrWhiteSpace(configuration[key]))
            || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any();
        if (!configured)
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var protocols = configuration.GetValue("Kestrel:EndpointDefaults:Protocols", HttpProtocols.Http2);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Protocols = protocols));

        return builder;
    }
}

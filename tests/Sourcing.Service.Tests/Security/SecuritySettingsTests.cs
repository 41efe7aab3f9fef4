using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Sourcing.Service.Security;
using Sourcing.Service.Tests.Infrastructure;

namespace Sourcing.Service.Tests.Security;

/// <summary>Outside Development the service refuses to start open or in plain text unless told so knowingly.</summary>
public sealed class SecuritySettingsTests
{
    [Fact]
    public void AddSourcingSecurity_ProductionWithoutJwt_RefusesNamingTheSetting()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => Build("Production", new() { ["urls"] = "https://+:5443" }));

        Assert.Contains("Security:Jwt", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("urls", "http://0.0.0.0:5080")]
    [InlineData("http_ports", "5080")]
    [InlineData("Kestrel:Endpoints:Grpc:Url", "http://0.0.0.0:5080")]
    public void AddSourcingSecurity_ProductionPlaintextEndpoint_RefusesUnlessAllowed(string key, string value)
    {
        var settings = TestTokens.HostSettings();
        settings[key] = value;

        var refused = Assert.Throws<InvalidOperationException>(() => Build("Production", settings));
        settings["Security:AllowPlaintext"] = "true";
        Build("Production", settings);

        Assert.Contains("Security:AllowPlaintext", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddSourcingSecurity_ProductionNoAddressAtAll_IsThePlaintextDefaultAndRefused()
    {
        Assert.Throws<InvalidOperationException>(() => Build("Production", TestTokens.HostSettings()));
    }

    [Theory]
    [InlineData("c2hvcnQ=", "at least 32")]
    [InlineData("not base64 and not PEM", "neither")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----", "private key")]
    public void AddSourcingSecurity_UnusableSigningKey_RefusesNamingIt(string key, string why)
    {
        var settings = TestTokens.HostSettings();
        settings["Security:Jwt:SigningKeys:0"] = key;

        var refused = Assert.Throws<InvalidOperationException>(() => Build("Development", settings));

        Assert.Contains("Security:Jwt:SigningKeys:0", refused.Message, StringComparison.Ordinal);
        Assert.Contains(why, refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ABC", "operations-admin", "Thumbprint")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000", "root", "Roles")]
    public void AddSourcingSecurity_UnusableClientCertificatePin_RefusesNamingIt(string thumbprint, string role, string named)
    {
        var settings = new Dictionary<string, string?>
        {
            ["urls"] = "https://+:5443",
            ["Security:ClientCertificates:0:Thumbprint"] = thumbprint,
            ["Security:ClientCertificates:0:Subject"] = "wms",
            ["Security:ClientCertificates:0:Roles:0"] = role,
        };

        var refused = Assert.Throws<InvalidOperationException>(() => Build("Production", settings));

        Assert.Contains("Security:ClientCertificates:0", refused.Message, StringComparison.Ordinal);
        Assert.Contains(named, refused.Message, StringComparison.Ordinal);
    }

    private static void Build(string environment, Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddSourcingSecurity();
    }
}

using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Sourcing.Service.Security;

/// <summary>
/// Mutual TLS for machine clients: the TLS handshake proved the client holds the certificate's private key; this
/// handler accepts the certificate only if its SHA-256 thumbprint is one configured under
/// <c>Security:ClientCertificates</c> and it is within its validity dates, and gives the principal the roles, channels
/// and locations configured for it. Pinning by thumbprint needs no certificate authority.
/// </summary>
public sealed class ClientCertificateAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IOptions<SecurityOptions> security, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ClientCertificate";

    private readonly Dictionary<string, ClientCertificateOptions> _clients = security.Value.ClientCertificates
        .ToDictionary(c => ClientCertificateOptions.Normalize(c.Thumbprint), StringComparer.Ordinal);

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var certificate = Context.Connection.ClientCertificate;
        if (certificate is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var thumbprint = certificate.GetCertHashString(HashAlgorithmName.SHA256);
        if (!_clients.TryGetValue(thumbprint, out var client))
        {
            return Task.FromResult(AuthenticateResult.Fail("The client certificate is not one this service knows."));
        }

        var now = clock.GetUtcNow();
        if (now < certificate.NotBefore.ToUniversalTime() || now > certificate.NotAfter.ToUniversalTime())
        {
            return Task.FromResult(AuthenticateResult.Fail("The client certificate is outside its validity dates."));
        }

        var claims = new List<Claim> { new(SourcingClaims.Subject, client.Subject) };
        claims.AddRange(client.Roles.Select(role => new Claim(SourcingClaims.Role, role)));
        claims.AddRange(client.Channels.Select(channel => new Claim(SourcingClaims.Channel, channel)));
        claims.AddRange(client.Locations.Select(location => new Claim(SourcingClaims.Location, location)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, SourcingClaims.Subject, SourcingClaims.Role));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}

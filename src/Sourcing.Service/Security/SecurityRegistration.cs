using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.IdentityModel.Tokens;

namespace Sourcing.Service.Security;

public static class SecurityRegistration
{
    /// <summary>
    /// Bearer tokens (JWT) when <c>Security:Jwt</c> is configured, and pinned client certificates (mutual TLS) when
    /// <c>Security:ClientCertificates</c> lists any; in Development without either, the developer principal of
    /// <see cref="DevelopmentAuthenticationHandler"/>; anywhere else the service refuses to start. Outside Development a
    /// plain-text endpoint also needs <c>Security:AllowPlaintext</c>.
    /// </summary>
    public static WebApplicationBuilder AddSourcingSecurity(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(SecurityOptions.Section);
        var options = section.Get<SecurityOptions>() ?? new SecurityOptions();
        var services = builder.Services;
        services.Configure<SecurityOptions>(section);
        var development = builder.Environment.IsDevelopment();

        var certificates = options.ClientCertificates.Count > 0;
        if (!options.JwtConfigured && !certificates && !development)
        {
            throw new InvalidOperationException(
                "Security:Jwt is not configured: outside Development every call needs a bearer token, so set Security:Jwt:Issuer, " +
                "Security:Jwt:Audience and Security:Jwt:SigningKeys or Security:Jwt:MetadataAddress (env Security__Jwt__Issuer, ...), " +
                "or pin machine clients' certificates under Security:ClientCertificates.");
        }

        var primary = options.JwtConfigured ? JwtBearerDefaults.AuthenticationScheme
            : certificates ? ClientCertificateAuthenticationHandler.SchemeName
            : DevelopmentAuthenticationHandler.SchemeName;
        var authentication = services.AddAuthentication(certificates ? EitherScheme : primary);
        if (options.JwtConfigured)
        {
            AddJwtBearer(authentication, options.Jwt, development);
        }
        else if (!certificates)
        {
            authentication.AddScheme<AuthenticationSchemeOptions, DevelopmentAuthenticationHandler>(DevelopmentAuthenticationHandler.SchemeName, _ => { });
        }

        if (certificates)
        {
            AddClientCertificates(builder, authentication, options.ClientCertificates, primary);
        }

        if (!development && !options.AllowPlaintext && PlaintextEndpoints.Find(builder.Configuration) is { Count: > 0 } plaintext)
        {
            throw new InvalidOperationException(
                $"Plain-text endpoint {string.Join(", ", plaintext)} outside Development: give the endpoint a certificate " +
                "(Kestrel:Endpoints:<name>:Url https://... with Certificate:Path and KeyPath) or set Security:AllowPlaintext=true knowingly.");
        }

        services.AddAuthorization(RpcPolicies.Add);
        return builder;
    }

    /// <summary>The default scheme when client certificates are pinned: a call that presents one is judged by it, any other by a token.</summary>
    private const string EitherScheme = "CertificateOrToken";

    private static void AddJwtBearer(AuthenticationBuilder authentication, JwtOptions options, bool development)
    {
        var keys = SigningKeys.Parse(options.SigningKeys);
        authentication.AddJwtBearer(jwt =>
        {
            // Keep claim names as the token has them ("role", "channel", "sub"), not remapped to long URIs.
            jwt.MapInboundClaims = false;
            if (!string.IsNullOrWhiteSpace(options.MetadataAddress))
            {
                jwt.MetadataAddress = options.MetadataAddress;
                jwt.RequireHttpsMetadata = !development;
            }

            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = options.Issuer,
                ValidAudience = options.Audience,
                IssuerSigningKeys = keys,
                ValidateIssuerSigningKey = true,
                RequireSignedTokens = true,
                RequireExpirationTime = true,
                ClockSkew = options.ClockSkew,
                NameClaimType = SourcingClaims.Subject,
                RoleClaimType = SourcingClaims.Role,
            };
        });
    }

    /// <summary>
    /// Mutual TLS: every HTTPS endpoint asks for a client certificate (without requiring one, so token callers still
    /// connect) and lets any through the handshake; <see cref="ClientCertificateAuthenticationHandler"/> then accepts
    /// only the pinned ones.
    /// </summary>
    private static void AddClientCertificates(WebApplicationBuilder builder, AuthenticationBuilder authentication, List<ClientCertificateOptions> clients, string primary)
    {
        for (var i = 0; i < clients.Count; i++)
        {
            var client = clients[i];
            var setting = $"Security:ClientCertificates:{i}";
            if (ClientCertificateOptions.Normalize(client.Thumbprint) is not { Length: 64 } thumbprint || !thumbprint.All(char.IsAsciiHexDigit))
            {
                throw new InvalidOperationException($"{setting}:Thumbprint must be the certificate's SHA-256 thumbprint, 64 hex digits.");
            }

            if (string.IsNullOrWhiteSpace(client.Subject) || client.Roles.Count == 0 || client.Roles.Any(role => !Roles.All.Contains(role)))
            {
                throw new InvalidOperationException($"{setting} needs a Subject and Roles from: {string.Join(", ", Roles.All)}.");
            }
        }

        authentication.AddScheme<AuthenticationSchemeOptions, ClientCertificateAuthenticationHandler>(ClientCertificateAuthenticationHandler.SchemeName, _ => { });
        authentication.AddPolicyScheme(EitherScheme, EitherScheme, scheme =>
            scheme.ForwardDefaultSelector = http => http.Connection.ClientCertificate is not null ? ClientCertificateAuthenticationHandler.SchemeName : primary);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
        {
            https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
            https.AllowAnyClientCertificate();
        }));
    }
}

using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Sourcing.Service.Security;

public static class SecurityRegistration
{
    /// <summary>
    /// Bearer tokens (JWT) when <c>Security:Jwt</c> is configured; in Development without it, the developer principal
    /// of <see cref="DevelopmentAuthenticationHandler"/>; anywhere else the service refuses to start. Outside
    /// Development a plain-text endpoint also needs <c>Security:AllowPlaintext</c>.
    /// </summary>
    public static WebApplicationBuilder AddSourcingSecurity(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(SecurityOptions.Section);
        var options = section.Get<SecurityOptions>() ?? new SecurityOptions();
        var services = builder.Services;
        services.Configure<SecurityOptions>(section);
        var development = builder.Environment.IsDevelopment();

        if (options.JwtConfigured)
        {
            var keys = SigningKeys.Parse(options.Jwt.SigningKeys);
            services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
            {
                // Keep claim names as the token has them ("role", "channel", "sub"), not remapped to long URIs.
                jwt.MapInboundClaims = false;
                if (!string.IsNullOrWhiteSpace(options.Jwt.MetadataAddress))
                {
                    jwt.MetadataAddress = options.Jwt.MetadataAddress;
                    jwt.RequireHttpsMetadata = !development;
                }

                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = options.Jwt.Issuer,
                    ValidAudience = options.Jwt.Audience,
                    IssuerSigningKeys = keys,
                    ValidateIssuerSigningKey = true,
                    RequireSignedTokens = true,
                    RequireExpirationTime = true,
                    ClockSkew = options.Jwt.ClockSkew,
                    NameClaimType = SourcingClaims.Subject,
                    RoleClaimType = SourcingClaims.Role,
                };
            });
        }
        else if (development)
        {
            services.AddAuthentication(DevelopmentAuthenticationHandler.SchemeName)
                .AddScheme<AuthenticationSchemeOptions, DevelopmentAuthenticationHandler>(DevelopmentAuthenticationHandler.SchemeName, _ => { });
        }
        else
        {
            throw new InvalidOperationException(
                "Security:Jwt is not configured: outside Development every call needs a bearer token, so set Security:Jwt:Issuer, " +
                "Security:Jwt:Audience and Security:Jwt:SigningKeys or Security:Jwt:MetadataAddress (env Security__Jwt__Issuer, ...).");
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
}

namespace Sourcing.Service.Security;

/// <summary>Bound from the <c>Security</c> section.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    public JwtOptions Jwt { get; set; } = new();

    /// <summary>
    /// Serve plain-text HTTP/2 outside Development. Off by default: tokens would cross the network readable. Behind a
    /// TLS-terminating proxy or mesh on the same host, turn it on knowingly.
    /// </summary>
    public bool AllowPlaintext { get; set; }

    /// <summary>Machine clients that authenticate by a pinned TLS client certificate (mutual TLS) instead of a token.</summary>
    public List<ClientCertificateOptions> ClientCertificates { get; set; } = [];

    /// <summary>True when enough is configured to validate tokens.</summary>
    public bool JwtConfigured =>
        !string.IsNullOrWhiteSpace(Jwt.Issuer) && !string.IsNullOrWhiteSpace(Jwt.Audience)
        && (Jwt.SigningKeys.Count > 0 || !string.IsNullOrWhiteSpace(Jwt.MetadataAddress));
}

/// <summary>How bearer tokens are validated.</summary>
public sealed class JwtOptions
{
    /// <summary>The <c>iss</c> every token must carry.</summary>
    public string? Issuer { get; set; }

    /// <summary>The <c>aud</c> every token must carry, e.g. <c>sourcing</c>.</summary>
    public string? Audience { get; set; }

    /// <summary>
    /// Keys that may sign tokens: a PEM public key (RSA or EC, for RS256/ES256) or a base64 secret of at least 32 bytes
    /// (HS256). Several keys allow rotation.
    /// </summary>
    public List<string> SigningKeys { get; set; } = [];

    /// <summary>An OpenID Connect discovery document (…/.well-known/openid-configuration) whose JWKS supplies the keys.</summary>
    public string? MetadataAddress { get; set; }

    /// <summary>Tolerance for clocks of token issuers; the default of the library (5 minutes) is generous.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);
}

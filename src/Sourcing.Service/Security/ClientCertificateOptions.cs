namespace Sourcing.Service.Security;

/// <summary>
/// A machine client that authenticates by its TLS client certificate instead of a token: the certificate is pinned by
/// its SHA-256 thumbprint, and carries the roles, channels and locations given here.
/// </summary>
public sealed class ClientCertificateOptions
{
    /// <summary>The certificate's SHA-256 thumbprint in hex (64 digits, case and colons ignored).</summary>
    public string Thumbprint { get; set; } = "";

    /// <summary>Who the client is, as the <c>sub</c> of a token would say (audit entries name it).</summary>
    public string Subject { get; set; } = "";

    public List<string> Roles { get; set; } = [];

    public List<string> Channels { get; set; } = [];

    public List<string> Locations { get; set; } = [];

    public static string Normalize(string thumbprint) => thumbprint.Replace(":", "", StringComparison.Ordinal).ToUpperInvariant();
}

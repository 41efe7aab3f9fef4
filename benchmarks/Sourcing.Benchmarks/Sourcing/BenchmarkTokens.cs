using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Sourcing.Benchmarks.Sourcing;

/// <summary>Tokens signed like an identity provider's, for the host that validates them.</summary>
internal static class BenchmarkTokens
{
    public const string Issuer = "https://id.bench.local";
    public const string Audience = "sourcing";

    public static readonly string Key = Convert.ToBase64String(Enumerable.Range(7, 32).Select(i => (byte)i).ToArray());

    /// <summary>An operations admin who also sells for the web channel: enough to seed the network and to source.</summary>
    public static string ChannelAndAdmin() => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer,
        Audience = Audience,
        Subject = new ClaimsIdentity([new("sub", "bench"), new("role", "channel"), new("role", "operations-admin"), new("role", "stock-feed"),
            new("channel", "web"), new("location", "*")]),
        Expires = DateTime.UtcNow.AddHours(12),
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Convert.FromBase64String(Key)), SecurityAlgorithms.HmacSha256),
    });
}

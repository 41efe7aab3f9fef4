using System.Security.Claims;
using Grpc.Core;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Sourcing.Service.Tests.Infrastructure;

/// <summary>
/// Signs bearer tokens the way an identity provider would, with the key the secured test host trusts (and, for
/// refusal tests, with one it does not).
/// </summary>
public static class TestTokens
{
    public const string Issuer = "https://id.test.local";
    public const string Audience = "sourcing";

    public static readonly string TrustedKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private static readonly string UntrustedKey = Convert.ToBase64String(Enumerable.Range(100, 32).Select(i => (byte)i).ToArray());

    /// <summary>The settings that make a host validate these tokens.</summary>
    public static Dictionary<string, string?> HostSettings() => new()
    {
        ["Security:Jwt:Issuer"] = Issuer,
        ["Security:Jwt:Audience"] = Audience,
        ["Security:Jwt:SigningKeys:0"] = TrustedKey,
    };

    public static string For(string subject, IEnumerable<string> roles, IEnumerable<string>? channels = null, IEnumerable<string>? locations = null,
        TimeSpan? lifetime = null, bool untrustedKey = false, string audience = Audience)
    {
        var claims = new List<Claim> { new("sub", subject) };
        claims.AddRange(roles.Select(r => new Claim("role", r)));
        claims.AddRange((channels ?? []).Select(c => new Claim("channel", c)));
        claims.AddRange((locations ?? []).Select(l => new Claim("location", l)));
        var now = DateTime.UtcNow;
        // Long enough for the slowest whole run (tokens are often made once per class or per fixture); tests of expiry pass their own.
        var expires = now + (lifetime ?? TimeSpan.FromHours(2));
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = expires < now ? expires.AddMinutes(-5) : now,
            NotBefore = expires < now ? expires.AddMinutes(-5) : now,
            Expires = expires,
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Convert.FromBase64String(untrustedKey ? UntrustedKey : TrustedKey)), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    public static Metadata Bearer(string token) => new() { { "Authorization", "Bearer " + token } };
}

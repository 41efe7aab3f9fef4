using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Sourcing.LoadTest.Client;

/// <summary>
/// Signs an HS256 token the way an identity provider would, for a service run with a shared secret
/// (<c>Security:Jwt:SigningKeys:0</c>): enough roles to seed the network and to act for every channel.
/// </summary>
internal static class JwtMinter
{
    public static string Mint(string base64Key, string issuer, string audience, string subject, TimeSpan lifetime)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new Dictionary<string, object> { ["alg"] = "HS256", ["typ"] = "JWT" };
        var payload = new Dictionary<string, object>
        {
            ["iss"] = issuer,
            ["aud"] = audience,
            ["sub"] = subject,
            ["role"] = new[] { "channel", "operations-admin", "stock-feed", "service-agent" },
            ["channel"] = "*",
            ["location"] = "*",
            ["iat"] = now,
            ["nbf"] = now - 60,
            ["exp"] = now + (long)lifetime.TotalSeconds,
        };
        var unsigned = Base64Url(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(payload));
        var signature = HMACSHA256.HashData(Convert.FromBase64String(base64Key), Encoding.ASCII.GetBytes(unsigned));
        return unsigned + "." + Base64Url(signature);
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

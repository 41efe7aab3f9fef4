using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Sourcing.Service.Security;

/// <summary>Turns the configured key texts into keys, refusing at start anything that is not a usable key.</summary>
internal static class SigningKeys
{
    public static List<SecurityKey> Parse(IReadOnlyList<string> texts)
    {
        var keys = new List<SecurityKey>(texts.Count);
        for (var i = 0; i < texts.Count; i++)
        {
            keys.Add(ParseOne(texts[i].Trim(), $"Security:Jwt:SigningKeys:{i}"));
        }

        return keys;
    }

    private static SecurityKey ParseOne(string text, string setting)
    {
        if (text.StartsWith("-----BEGIN", StringComparison.Ordinal))
        {
            if (text.Contains("PRIVATE KEY", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{setting} is a private key; configure the issuer's public key only.");
            }

            try
            {
                var rsa = RSA.Create();
                rsa.ImportFromPem(text);
                return new RsaSecurityKey(rsa);
            }
            catch (ArgumentException)
            {
                var ec = ECDsa.Create();
                ec.ImportFromPem(text);
                return new ECDsaSecurityKey(ec);
            }
        }

        byte[] secret;
        try
        {
            secret = Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{setting} is neither a PEM public key nor a base64 secret.");
        }

        return secret.Length >= 32
            ? new SymmetricSecurityKey(secret)
            : throw new InvalidOperationException($"{setting} is a secret of {secret.Length} bytes; HS256 needs at least 32.");
    }
}

using System.Buffers.Text;
using System.Text;

namespace Sourcing.Service.Locations;

/// <summary>A page token of ListLocations: the last id of the previous page, base64url, so callers treat it as opaque.</summary>
internal static class LocationPageToken
{
    public static string Encode(string lastId) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(lastId));

    /// <summary>The id after which the page starts, or null for an empty or malformed token.</summary>
    public static string? Decode(string token)
    {
        if (token.Length is 0 or > 256)
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

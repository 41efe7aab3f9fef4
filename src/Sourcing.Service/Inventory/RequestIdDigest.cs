using System.Security.Cryptography;
using System.Text;

namespace Sourcing.Service.Inventory;

/// <summary>
/// A fixed-length stand-in for an id the service derives an inventory request id from: 32 hex digits of its SHA-256,
/// so the request id fits the inventory's limit whatever the source id's length, and two ids never meet.
/// </summary>
public static class RequestIdDigest
{
    public static string Of(string id) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..32];
}

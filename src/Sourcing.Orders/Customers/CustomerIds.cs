using System.Security.Cryptography;
using System.Text;

namespace Sourcing.Orders.Customers;

/// <summary>
/// The ids the directory gives customers: "CUS-" and 12 Crockford base32 characters taken from a SHA-256 of what
/// identifies the request, so a retried registration, or two first orders of one identity at once, land on one id.
/// </summary>
public static class CustomerIds
{
    public const string Prefix = "CUS-";
    public const int MaxLength = 128;

    // Crockford's alphabet has no I, L, O, U: an id read out over the phone is not misheard.
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>The id of a RegisterCustomer request: the same channel (or subject) and request id give the same id.</summary>
    public static string ForRequest(CustomerActor actor, string requestId) =>
        Derive((actor.Channel.Length > 0 ? actor.Channel : actor.Subject) + "\n" + requestId);

    /// <summary>
    /// The id of the customer a first order with this identity registers (value and scope normalised). Generation 0
    /// is the first; a later one is used once the customers of the earlier ones have given the identity up (removed,
    /// or erased on request: a person who comes back after an erasure is a new customer).
    /// </summary>
    public static string ForIdentity(IdentityKind kind, string scope, string value, int generation = 0) =>
        Derive("identity\n" + kind + "\n" + scope + "\n" + value + (generation == 0 ? "" : "\n#" + generation));

    private static string Derive(string source)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(source));
        var bits = BitConverter.ToUInt64(hash, 0);
        var id = new char[12];
        for (var i = 0; i < id.Length; i++)
        {
            id[i] = Alphabet[(int)(bits & 31)];
            bits >>= 5;
        }

        return Prefix + new string(id);
    }
}

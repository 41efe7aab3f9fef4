using System.Globalization;

namespace Sourcing.Benchmarks.Customers;

/// <summary>
/// Ids and numbers of seeded rows in the forms the services make them (order ids "O-" + a version 7 GUID, billing ids
/// with their prefix, RMA numbers of 10 Crockford base32 characters), but derived from the row's sequence so they are
/// unique and a re-run makes the same ones.
/// </summary>
internal static class SeedIds
{
    private const string Crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>The 32 hex digits of a version 7 GUID: the time in ms, then the sequence where the random bits go.</summary>
    public static string Version7(DateTimeOffset at, long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{at.ToUnixTimeMilliseconds():x12}7000{8 + (sequence >> 60 & 3):x1}{sequence & 0xFFF_FFFF_FFFF_FFFF:x15}");

    public static string Order(DateTimeOffset created, long sequence) => "O-" + Version7(created, sequence);

    public static string ReturnNumber(long sequence)
    {
        Span<char> chars = stackalloc char[10];
        var value = (ulong)sequence * 0x9E3779B97F4A7C15UL % (1UL << 50);
        for (var i = 9; i >= 0; i--)
        {
            chars[i] = Crockford[(int)(value & 31)];
            value >>= 5;
        }

        return "RMA-" + new string(chars);
    }
}

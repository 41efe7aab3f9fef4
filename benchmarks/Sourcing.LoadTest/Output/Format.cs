using System.Globalization;

namespace Sourcing.LoadTest.Output;

internal static class Format
{
    /// <summary>Microseconds as milliseconds with two decimals (0.05 ms is the round-trip scale on loopback).</summary>
    public static string Millis(long micros) => (micros / 1000.0).ToString("0.00", CultureInfo.InvariantCulture);

    public static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}

using Sourcing.Orders.Billing.Documents;

namespace Sourcing.Orders.Billing.BankStatements;

/// <summary>
/// A camt amount ("1234.56", an xs:decimal) to integer minor units by reading its digits: no double or decimal on the
/// way, so no amount is rounded. More fraction digits than the currency has are refused rather than rounded, and so is
/// anything above 10^15 minor units (far beyond any real payment, and safe from overflow in sums).
/// </summary>
internal static class CamtAmount
{
    public const long MaxMinor = 1_000_000_000_000_000;

    /// <summary>The minor units, or null with <paramref name="error"/> saying why the text is not an acceptable amount.</summary>
    public static long? TryParseMinor(string text, int minorDigits, out string error)
    {
        error = "";
        var span = text.AsSpan().Trim();
        if (span.Length == 0)
        {
            error = "amount is empty";
            return null;
        }

        if (span[0] == '-')
        {
            error = $"amount '{text}' is negative (the direction is CdtDbtInd's)";
            return null;
        }

        if (span[0] == '+')
        {
            span = span[1..];
        }

        var point = span.IndexOf('.');
        var whole = point < 0 ? span : span[..point];
        var fraction = point < 0 ? [] : span[(point + 1)..];
        // xs:decimal: digits with an optional point, "5." and ".5" included; no exponent, no grouping, no comma.
        if ((whole.Length == 0 && fraction.Length == 0) || !AllDigits(whole) || !AllDigits(fraction))
        {
            error = $"amount '{Shorten(text)}' is not a decimal number";
            return null;
        }

        if (fraction.Length > minorDigits)
        {
            error = $"amount '{Shorten(text)}' has {fraction.Length} decimal places, more than the currency's {minorDigits}";
            return null;
        }

        whole = whole.TrimStart('0');
        // 10^15 minor units have at most 16 digits; more is too large whatever they are.
        if (whole.Length + minorDigits > 16)
        {
            error = $"amount '{Shorten(text)}' is larger than {MaxMinor} minor units";
            return null;
        }

        long minor = 0;
        foreach (var digit in whole)
        {
            minor = minor * 10 + (digit - '0');
        }

        for (var i = 0; i < minorDigits; i++)
        {
            minor = minor * 10 + (i < fraction.Length ? fraction[i] - '0' : 0);
        }

        if (minor > MaxMinor)
        {
            error = $"amount '{Shorten(text)}' is larger than {MaxMinor} minor units";
            return null;
        }

        return minor;
    }

    /// <summary>Minor units as a camt amount: "1234.56" for EUR, "1235" for JPY.</summary>
    public static string Format(long minor, string currency)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minor);
        var digits = CurrencyMinorDigits.Of(currency);
        var text = minor.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(digits + 1, '0');
        return digits == 0 ? text : $"{text[..^digits]}.{text[^digits..]}";
    }

    private static bool AllDigits(ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : $"{text[..40]}…";
}

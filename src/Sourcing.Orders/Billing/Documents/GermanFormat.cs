using System.Globalization;
using System.Text;

namespace Sourcing.Orders.Billing.Documents;

/// <summary>
/// Numbers and dates as a German invoice prints them: "1.234,56 €", "19 %", "29.11.2026". Amounts come in integer
/// minor units and are written digit by digit, so no binary fraction ever rounds a cent away.
/// </summary>
public static class GermanFormat
{
    /// <summary>"1.234,56 €" for EUR; other currencies carry their code ("1.234,56 USD", "1.235 JPY").</summary>
    public static string Money(long minor, string currency)
    {
        var digits = CurrencyMinorDigits.Of(currency);
        var symbol = currency == "EUR" ? "€" : currency;
        return $"{Amount(minor, digits)} {symbol}";
    }

    /// <summary>The amount alone, grouped by thousands with '.', decimals after ','.</summary>
    public static string Amount(long minor, int minorDigits)
    {
        var negative = minor < 0;
        // Through ulong so long.MinValue has a magnitude too.
        var magnitude = negative ? (ulong)(-(minor + 1)) + 1 : (ulong)minor;
        var text = magnitude.ToString(CultureInfo.InvariantCulture).PadLeft(minorDigits + 1, '0');
        var whole = text[..^minorDigits];
        var fraction = text[^minorDigits..];

        var builder = new StringBuilder(text.Length + text.Length / 3 + 2);
        if (negative)
        {
            builder.Append('-');
        }

        for (var i = 0; i < whole.Length; i++)
        {
            if (i > 0 && (whole.Length - i) % 3 == 0)
            {
                builder.Append('.');
            }

            builder.Append(whole[i]);
        }

        if (minorDigits > 0)
        {
            builder.Append(',').Append(fraction);
        }

        return builder.ToString();
    }

    /// <summary>A VAT rate in basis points: 1900 → "19 %", 550 → "5,5 %", 0 → "0 %".</summary>
    public static string Rate(int basisPoints)
    {
        var whole = basisPoints / 100;
        var fraction = (basisPoints % 100).ToString("D2", CultureInfo.InvariantCulture).TrimEnd('0');
        return fraction.Length == 0
            ? $"{whole.ToString(CultureInfo.InvariantCulture)} %"
            : $"{whole.ToString(CultureInfo.InvariantCulture)},{fraction} %";
    }

    public static string Date(DateOnly date) => date.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);

    public static string Integer(long value) => Amount(value, 0);
}

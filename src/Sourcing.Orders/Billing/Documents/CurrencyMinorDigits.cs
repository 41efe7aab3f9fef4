namespace Sourcing.Orders.Billing.Documents;

/// <summary>
/// How many minor-unit digits a currency has (ISO 4217 exponent): 2 for most (EUR, USD, GBP, CHF...), 0 for JPY and
/// the other currencies without a minor unit, 3 for the dinars that count in thousandths. A printed or parsed amount
/// is only exact when it is shifted by the currency's own digits, so both the PDF and the camt.053 reader use this.
/// </summary>
public static class CurrencyMinorDigits
{
    private static readonly Dictionary<string, int> Exceptions = new(StringComparer.Ordinal)
    {
        ["BIF"] = 0, ["CLP"] = 0, ["DJF"] = 0, ["GNF"] = 0, ["ISK"] = 0, ["JPY"] = 0, ["KMF"] = 0, ["KRW"] = 0,
        ["PYG"] = 0, ["RWF"] = 0, ["UGX"] = 0, ["VND"] = 0, ["VUV"] = 0, ["XAF"] = 0, ["XOF"] = 0, ["XPF"] = 0,
        ["BHD"] = 3, ["IQD"] = 3, ["JOD"] = 3, ["KWD"] = 3, ["LYD"] = 3, ["OMR"] = 3, ["TND"] = 3,
    };

    /// <summary>True for three upper-case ASCII letters, the shape of every ISO 4217 code.</summary>
    public static bool IsCurrencyCode(string? code) =>
        code is { Length: 3 } && code.All(c => c is >= 'A' and <= 'Z');

    /// <summary>The currency's minor digits; 2 for a well-formed code not in the table of exceptions.</summary>
    public static int Of(string currency)
    {
        if (!IsCurrencyCode(currency))
        {
            throw new ArgumentException($"'{currency}' is not an ISO 4217 currency code (three upper-case letters).", nameof(currency));
        }

        return Exceptions.GetValueOrDefault(currency, 2);
    }
}

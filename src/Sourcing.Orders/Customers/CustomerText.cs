using System.Globalization;
using System.Text;

namespace Sourcing.Orders.Customers;

/// <summary>
/// How customer text is normalised for identities and search, in one place so both stores and the search agree:
/// "Müller" and "mueller" are one name, "+49 30 1234-567" and "030 1234567" one phone number.
/// </summary>
public static class CustomerText
{
    /// <summary>Lower case, umlauts and ß spelled out, other accents dropped, runs of spaces and punctuation one space.</summary>
    public static string Fold(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Trim().ToLowerInvariant())
        {
            switch (c)
            {
                case 'ä': builder.Append("ae"); break;
                case 'ö': builder.Append("oe"); break;
                case 'ü': builder.Append("ue"); break;
                case 'ß': builder.Append("ss"); break;
                default: builder.Append(c); break;
            }
        }

        var decomposed = builder.ToString().Normalize(NormalizationForm.FormD);
        builder.Clear();
        var lastWasSpace = true;
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsLetterOrDigit(c) || c is '@' or '.' or '_' or '+')
            {
                builder.Append(c);
                lastWasSpace = false;
            }
            else if (!lastWasSpace)
            {
                builder.Append(' ');
                lastWasSpace = true;
            }
        }

        return builder.ToString().TrimEnd();
    }

    /// <summary>
    /// A phone number as digits with its country code: "+49 30 1234567", "0049301234567" and "030 1234567" are all
    /// "49301234567" (a national number without a country code is taken as German).
    /// </summary>
    public static string Phone(string phone)
    {
        var digits = new string(phone.Where(char.IsAsciiDigit).ToArray());
        var international = phone.TrimStart().StartsWith('+');
        if (!international && digits.StartsWith("00", StringComparison.Ordinal))
        {
            return digits[2..];
        }

        if (!international && digits.StartsWith('0'))
        {
            return "49" + digits[1..];
        }

        return digits;
    }

    /// <summary>An identity's value as stored and looked up.</summary>
    public static string IdentityValue(IdentityKind kind, string value) => kind switch
    {
        IdentityKind.Phone => Phone(value),
        IdentityKind.Email => value.Trim().ToLowerInvariant(),
        IdentityKind.LoyaltyCard => value.Trim().ToUpperInvariant(),
        _ => value.Trim(),
    };

    /// <summary>The scope an identity of this kind lives in: the channel for channel-owned ids, "" for the rest.</summary>
    public static string IdentityScope(IdentityKind kind, string channel) =>
        kind is IdentityKind.Account or IdentityKind.MarketplaceBuyer ? channel : "";
}

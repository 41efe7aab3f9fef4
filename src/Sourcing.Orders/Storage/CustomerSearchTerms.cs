using Sourcing.Orders.Customers;

namespace Sourcing.Orders.Storage;

/// <summary>
/// What a customer text query is compared with, the same in both stores: the text folded like the name, e-mail and
/// postal code entries (compared by trigram similarity), and, when it reads as a phone number of at least
/// <see cref="MinPhoneDigits"/> digits, those digits normalised like the phone entries (so "030 1234567" meets
/// "+49 30 1234567" as "49301234567"), which match an entry they equal or end, as do the digits as typed. A phone number of
/// <see cref="PhoneOnlyDigits"/> or more digits is compared with the phone entries only: it is no name, e-mail address
/// or postal code, and its digits would resemble every postal code sharing its first two.
/// </summary>
/// <param name="Phone">The digits as a whole number (country code added or kept); "" when the text is no phone number.</param>
/// <param name="PhoneDigits">The digits as typed, for the end of a number ("0123" is not read as a national prefix there).</param>
public sealed record CustomerSearchTerms(string Folded, string Phone, string PhoneDigits, bool Names, bool Emails, bool Phones, bool PostalCodes)
{
    /// <summary>Fewer digits end too many numbers to say anything about a customer.</summary>
    public const int MinPhoneDigits = 4;

    /// <summary>Digits from which a phone number is only a phone number (German postal codes have five).</summary>
    public const int PhoneOnlyDigits = 7;

    public static CustomerSearchTerms Of(CustomerTextQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(query.Text);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Take, 1, nameof(query.Take));
        ArgumentOutOfRangeException.ThrowIfNegative(query.Skip, nameof(query.Skip));
        if (query.MinSimilarity is < 0 or > 1 || double.IsNaN(query.MinSimilarity))
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.MinSimilarity, "MinSimilarity must be between 0 and 1.");
        }

        var any = query.Field == CustomerSearchField.Any;
        if (!any && query.Field is not (CustomerSearchField.Name or CustomerSearchField.Email or CustomerSearchField.Phone or CustomerSearchField.PostalCode))
        {
            throw new ArgumentException($"The customer store searches names, e-mails, phones and postal codes, not {query.Field}.", nameof(query));
        }

        var phone = ReadsAsPhone(query.Text);
        var texts = !(phone && query.Text.Count(char.IsAsciiDigit) >= PhoneOnlyDigits);
        return new CustomerSearchTerms(
            CustomerText.Fold(query.Text),
            phone ? CustomerText.Phone(query.Text) : "",
            phone ? new string(query.Text.Where(char.IsAsciiDigit).ToArray()) : "",
            texts && (any || query.Field == CustomerSearchField.Name),
            texts && (any || query.Field == CustomerSearchField.Email),
            any || query.Field == CustomerSearchField.Phone,
            texts && (any || query.Field == CustomerSearchField.PostalCode));
    }

    /// <summary>Digits with the separators people type in phone numbers ("+49 (30) 123-45/67"), at least <see cref="MinPhoneDigits"/> digits.</summary>
    private static bool ReadsAsPhone(string text) =>
        text.Count(char.IsAsciiDigit) >= MinPhoneDigits && text.All(c => char.IsAsciiDigit(c) || c is ' ' or '+' or '-' or '/' or '(' or ')' or '.');

    /// <summary>
    /// The text an entry of this field is compared with; "" when the query has nothing to compare there (not that field,
    /// too few digits for a phone, no letter or digit to make a trigram of, or a phone number for the other fields).
    /// </summary>
    public string For(CustomerSearchField field) => field switch
    {
        CustomerSearchField.Phone when Phones => Phone,
        CustomerSearchField.Name when Names && HasTrigrams => Folded,
        CustomerSearchField.Email when Emails && HasTrigrams => Folded,
        CustomerSearchField.PostalCode when PostalCodes && HasTrigrams => Folded,
        _ => "",
    };

    /// <summary>
    /// A phone entry's score: the share of its digits typed when the number or the digits as typed end it (1 when the
    /// number is the entry), 0 when neither does; in single precision as PostgreSQL's real division gives it.
    /// </summary>
    public float PhoneScore(string entry)
    {
        var score = 0f;
        foreach (var digits in new[] { Phone, PhoneDigits })
        {
            if (digits.Length > 0 && entry.EndsWith(digits, StringComparison.Ordinal))
            {
                score = Math.Max(score, (float)digits.Length / entry.Length);
            }
        }

        return score;
    }

    /// <summary>pg_trgm makes trigrams of words (letters and digits) only: punctuation alone matches nothing.</summary>
    private bool HasTrigrams => Folded.Any(char.IsLetterOrDigit);
}

using System.Text.RegularExpressions;

namespace Sourcing.Orders.Billing.Receivables;

/// <summary>
/// Finds invoice numbers in a payer's remittance text. Payers copy numbers loosely ("RE 2026 000042", "RE2026000042",
/// "re-2026-42"), so the series, a four-digit year and the sequence are matched with any spaces, dashes, slashes or
/// dots between them (or none) and written back in the printed form {Series}-{Year}-{Sequence:D6}.
/// </summary>
public sealed class InvoiceNumberParser
{
    /// <summary>Remittance texts are short; a longer one is cut here so a hostile text cannot make matching slow.</summary>
    public const int MaxTextLength = 1_000;

    /// <summary>At most this many numbers are taken from one text.</summary>
    public const int MaxNumbers = 20;

    private readonly Regex _pattern;

    public InvoiceNumberParser(IEnumerable<string> series)
    {
        var alternatives = string.Join("|", series.Where(s => s.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).Select(Regex.Escape));
        // (?<![A-Za-z0-9]) and (?!\d): "PRE2026..." or a longer digit run is not an invoice number. No timeout: the
        // pattern has no nested quantifiers and the text is cut to MaxTextLength, so its cost is bounded, while a
        // wall-clock timeout fires on a merely busy machine and would fail an innocent payment.
        _pattern = new Regex(
            $@"(?<![A-Za-z0-9])(?<series>{alternatives})[\s\-_/.]*(?<year>\d{{4}})[\s\-_/.]*(?<sequence>\d{{1,9}})(?!\d)",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture,
            Regex.InfiniteMatchTimeout);
        Series = alternatives;
    }

    private string Series { get; }

    public static InvoiceNumberParser For(BillingOptions options) => new([options.InvoiceSeries, options.DunningFeeSeries]);

    /// <summary>The distinct invoice numbers in the text, in the order they appear.</summary>
    public IReadOnlyList<string> Find(string? text)
    {
        if (string.IsNullOrEmpty(text) || Series.Length == 0)
        {
            return [];
        }

        var found = new List<string>();
        foreach (Match match in _pattern.Matches(text.Length > MaxTextLength ? text[..MaxTextLength] : text))
        {
            var sequence = long.Parse(match.Groups["sequence"].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (sequence == 0)
            {
                continue;
            }

            var number = $"{match.Groups["series"].Value.ToUpperInvariant()}-{match.Groups["year"].Value}-{sequence:D6}";
            if (!found.Contains(number))
            {
                found.Add(number);
            }

            if (found.Count == MaxNumbers)
            {
                break;
            }
        }

        return found;
    }
}

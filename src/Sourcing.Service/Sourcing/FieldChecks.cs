using System.Text.RegularExpressions;
using Sourcing.Service.Errors;

namespace Sourcing.Service.Sourcing;

/// <summary>
/// Bounds for the free-text, numeric and list fields of sourcing and location requests. Every field has one, so no
/// request can make the service store, echo or loop over more than a known amount: a 1 MB postal code or a 100,000-entry
/// list is refused, naming the field, before anything reads it.
/// </summary>
public static partial class FieldChecks
{
    /// <summary>Optional free text: at most <paramref name="maxLength"/> characters and no control characters.</summary>
    public static void OptionalText(this ProblemList problems, string field, string value, int maxLength)
    {
        if (value.Length > maxLength)
        {
            problems.Add(field, $"is {value.Length} characters long; at most {maxLength} are allowed");
        }
        else if (value.Any(char.IsControl))
        {
            problems.Add(field, "must not contain control characters (line breaks, tabs, NUL)");
        }
    }

    /// <summary>Like <see cref="OptionalText"/>, and not empty or blank.</summary>
    public static void RequiredText(this ProblemList problems, string field, string value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add(field, $"is required, at most {maxLength} characters");
            return;
        }

        problems.OptionalText(field, value, maxLength);
    }

    /// <summary>
    /// A caller's request id: 1 to <paramref name="maxLength"/> visible ASCII characters without spaces or braces
    /// (braces would change which Redis Cluster slot the keys derived from it fall in).
    /// </summary>
    public static void RequestId(this ProblemList problems, string field, string value, int maxLength)
    {
        if (string.IsNullOrEmpty(value) || value.Length > maxLength)
        {
            problems.Add(field, $"is required, at most {maxLength} characters");
        }
        else if (!RequestIdPattern().IsMatch(value))
        {
            problems.Add(field, "may contain only visible ASCII characters other than { and } (no spaces or line breaks)");
        }
    }

    /// <summary>Decimal degrees that are numbers (not NaN or ±Infinity, which pass every range comparison) and in range.</summary>
    public static bool IsValidCoordinate(double latitude, double longitude) =>
        double.IsFinite(latitude) && double.IsFinite(longitude) && latitude is >= -90 and <= 90 && longitude is >= -180 and <= 180;

    public static void Count(this ProblemList problems, string field, int count, int min, int max)
    {
        if (count < min || count > max)
        {
            problems.Add(field, $"needs {min} to {max} entries, {count} were given");
        }
    }

    // \z, not $: in .NET $ also matches before a final line break, which would let "id\n" through.
    [GeneratedRegex(@"^[\x21-\x7A\x7C\x7E]+\z")]
    private static partial Regex RequestIdPattern();
}

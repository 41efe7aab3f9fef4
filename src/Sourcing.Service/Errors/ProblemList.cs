using System.Text.RegularExpressions;

namespace Sourcing.Service.Errors;

/// <summary>Collects every problem of a request, so the caller learns all of them at once, then throws if there were any.</summary>
/// <remarks>
/// Patterns end in <c>\z</c>, never <c>$</c>: in .NET <c>$</c> also matches before a final newline, and an id with a
/// trailing newline would pass and then break every stored encoding that separates values by newlines.
/// </remarks>
public sealed partial class ProblemList
{
    public const int MaxIdLength = 64;

    private readonly List<FieldProblem> _problems = [];

    public int Count => _problems.Count;

    public void Add(string field, string description) => _problems.Add(new FieldProblem(field, description));

    public void ThrowIfAny()
    {
        if (_problems.Count > 0)
        {
            throw new RequestValidationException(_problems);
        }
    }

    /// <summary>SKUs: 1-64 of letters, digits and <c>. _ - : / # +</c>; no spaces or braces (braces would break Redis hash tags).</summary>
    public void Sku(string field, string value) =>
        Identifier(field, value, MaxIdLength, SkuPattern(), "1-64 characters: letters, digits and . _ - : / # +, starting with a letter or digit");

    /// <summary>Location ids: 1-64 of letters, digits and <c>. _ -</c>.</summary>
    public void LocationId(string field, string value) =>
        Identifier(field, value, MaxIdLength, LocationIdPattern(), "1-64 characters: letters, digits and . _ -, starting with a letter or digit");

    /// <summary>Ids the service hands out (reservation ids): letters, digits, <c>_</c> and <c>-</c>.</summary>
    public void IssuedId(string field, string value, int maxLength) =>
        Identifier(field, value, maxLength, IssuedIdPattern(), $"1-{maxLength} characters: letters, digits, _ and -");

    /// <summary>A caller's request id or free text: required, bounded, no control characters (no newlines, tabs or NULs).</summary>
    public void Text(string field, string value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"is required, at most {maxLength} characters");
        }
        else if (value.Length > maxLength)
        {
            Add(field, $"is {value.Length} characters long; at most {maxLength} are allowed");
        }
        else if (value.Any(char.IsControl))
        {
            Add(field, "must not contain control characters (newlines, tabs, NUL)");
        }
    }

    public void Positive(string field, long value)
    {
        if (value <= 0)
        {
            Add(field, $"must be greater than zero, was {value}");
        }
    }

    public void InRange(string field, long value, long min, long max)
    {
        if (value < min || value > max)
        {
            Add(field, $"must be between {min} and {max}, was {value}");
        }
    }

    private void Identifier(string field, string value, int maxLength, Regex pattern, string rule)
    {
        if (string.IsNullOrEmpty(value))
        {
            Add(field, "is required");
        }
        else if (value.Length > maxLength)
        {
            Add(field, $"is {value.Length} characters long; at most {maxLength} are allowed");
        }
        else if (!pattern.IsMatch(value))
        {
            Add(field, $"'{Printable(value)}' is not valid: {rule}");
        }
    }

    // Control characters are shown escaped, so the message itself cannot carry a newline into a log line.
    public static string Printable(string value) =>
        string.Concat(value.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9._:/#+-]*\z")]
    private static partial Regex SkuPattern();

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9._-]*\z")]
    private static partial Regex LocationIdPattern();

    [GeneratedRegex(@"\A[A-Za-z0-9_-]+\z")]
    private static partial Regex IssuedIdPattern();
}

using System.Text.RegularExpressions;

namespace Sourcing.Service.Errors;

/// <summary>Collects every problem of a request, so the caller learns all of them at once, then throws if there were any.</summary>
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
        Identifier(field, value, SkuPattern(), "1-64 characters: letters, digits and . _ - : / # +, starting with a letter or digit");

    /// <summary>Location ids: 1-64 of letters, digits and <c>. _ -</c>.</summary>
    public void LocationId(string field, string value) =>
        Identifier(field, value, LocationIdPattern(), "1-64 characters: letters, digits and . _ -, starting with a letter or digit");

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

    private void Identifier(string field, string value, Regex pattern, string rule)
    {
        if (string.IsNullOrEmpty(value))
        {
            Add(field, "is required");
        }
        else if (value.Length > MaxIdLength)
        {
            Add(field, $"is {value.Length} characters long; at most {MaxIdLength} are allowed");
        }
        else if (!pattern.IsMatch(value))
        {
            Add(field, $"'{value}' is not valid: {rule}");
        }
    }

    // \z, not $: in .NET $ also matches before a final line break, which would let "SKU-1\n" through.
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._:/#+-]*\z")]
    private static partial Regex SkuPattern();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*\z")]
    private static partial Regex LocationIdPattern();
}

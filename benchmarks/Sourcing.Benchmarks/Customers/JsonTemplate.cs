using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Sourcing.Benchmarks.Customers;

/// <summary>
/// A serialized document (an order, an invoice) made once through the domain, cut into literal text and holes, so
/// millions of copies can be written without running the domain or the serializer again: each hole is a value that
/// differs per copy (an id, a name, a number) or a time, which moves by the copy's shift and keeps its distance from
/// the template's base time. Rendering a copy is string concatenation.
/// </summary>
/// <remarks>
/// The template is built at a fixed base time with sentinel values (strings no real data contains) where a copy has
/// its own; every time in it (System.Text.Json's whole-second UTC form, or the round-trip "O" form texts use) and every
/// "yyyy-MM-dd" string is taken for a time or a day. Construction throws if a time is not one the formatters here write
/// back identically, or lies far from the base, so a template that would be copied wrongly never is.
/// </remarks>
internal sealed partial class JsonTemplate
{
    private readonly List<Part> _parts = [];
    private readonly DateTimeOffset _base;

    private abstract record Part;

    private sealed record Literal(string Text) : Part;

    private sealed record Value(int Index) : Part;

    private sealed record Time(TimeSpan Offset, bool RoundTrip) : Part;

    private sealed record Day(int Days) : Part;

    /// <param name="json">The serialized template.</param>
    /// <param name="sentinels">Sentinel strings as they appear in <paramref name="json"/>; a copy passes its values in this order.</param>
    /// <param name="baseTime">The time the template's times are measured from.</param>
    public JsonTemplate(string json, IReadOnlyList<string> sentinels, DateTimeOffset baseTime)
    {
        _base = baseTime;
        SentinelCount = sentinels.Count;
        var alternatives = sentinels.Select((s, i) => (Pattern: Regex.Escape(s), Index: i)).OrderByDescending(s => s.Pattern.Length).ToList();
        var pattern = new Regex(
            string.Join('|', alternatives.Select(a => $"(?<s{a.Index}>{a.Pattern})")
                .Append(@"(?<time>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d))")
                .Append(@"(?<=\"")(?<day>\d{4}-\d\d-\d\d)(?="")")),
            RegexOptions.CultureInvariant);
        var position = 0;
        foreach (Match match in pattern.Matches(json))
        {
            if (match.Index > position)
            {
                _parts.Add(new Literal(json[position..match.Index]));
            }

            position = match.Index + match.Length;
            if (match.Groups["time"].Success)
            {
                var text = match.Groups["time"].Value;
                var at = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
                var roundTrip = at.ToString("O", CultureInfo.InvariantCulture) == text;
                if ((!roundTrip && FormatTime(at) != text) || Math.Abs((at - baseTime).TotalDays) > 400)
                {
                    throw new InvalidOperationException($"The template holds a time {text} this template cannot move exactly (base {FormatTime(baseTime)}).");
                }

                _parts.Add(new Time(at - baseTime, roundTrip));
            }
            else if (match.Groups["day"].Success)
            {
                var day = DateOnly.ParseExact(match.Groups["day"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                _parts.Add(new Day(day.DayNumber - DateOnly.FromDateTime(baseTime.UtcDateTime).DayNumber));
            }
            else
            {
                var index = alternatives.First(a => match.Groups["s" + a.Index].Success).Index;
                _parts.Add(new Value(index));
            }
        }

        if (position < json.Length)
        {
            _parts.Add(new Literal(json[position..]));
        }
    }

    public int SentinelCount { get; }

    /// <summary>The copy: <paramref name="values"/> (raw text, escaped here as JSON string content) in the sentinels' order, times moved by <paramref name="shift"/> (whole days move days).</summary>
    public string Render(IReadOnlyList<string> values, TimeSpan shift)
    {
        var builder = new StringBuilder(4096);
        Render(builder, values, shift);
        return builder.ToString();
    }

    /// <summary>Whether the template holds this sentinel (by index).</summary>
    public bool Uses(int index) => _parts.Any(p => p is Value v && v.Index == index);

    public void Render(StringBuilder builder, IReadOnlyList<string> values, TimeSpan shift)
    {
        var origin = _base + shift;
        var dayShift = (int)Math.Floor(shift.TotalDays);
        var baseDay = DateOnly.FromDateTime(_base.UtcDateTime);
        foreach (var part in _parts)
        {
            switch (part)
            {
                case Literal literal: builder.Append(literal.Text); break;
                case Value value: builder.Append(Escape(values[value.Index])); break;
                case Time time: builder.Append(time.RoundTrip ? (origin + time.Offset).ToString("O", CultureInfo.InvariantCulture) : FormatTime(origin + time.Offset)); break;
                case Day day: builder.Append(baseDay.AddDays(day.Days + dayShift).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
            }
        }
    }

    /// <summary>How System.Text.Json writes a whole-second UTC DateTimeOffset.</summary>
    public static string FormatTime(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'+00:00'", CultureInfo.InvariantCulture);

    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.Default;

    private static string Escape(string value)
    {
        foreach (var c in value)
        {
            if (c < 0x20 || c > 0x7E || c is '"' or '\\' or '<' or '>' or '&' or '\'' or '+' or '`')
            {
                return JsonEncodedText.Encode(value, Encoder).ToString();
            }
        }

        return value;
    }
}

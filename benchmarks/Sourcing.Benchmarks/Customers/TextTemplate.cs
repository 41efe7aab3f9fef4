using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Sourcing.Benchmarks.Customers;

/// <summary>
/// A plain text of a template (an event's detail, a source key) cut at its sentinels and times, like
/// <see cref="JsonTemplate"/> but unescaped. A time is taken in the two forms the domain writes into texts (round-trip
/// "O", and System.Text.Json's whole-second form); construction refuses a text that still holds the template's year
/// after that, which a copy could not move.
/// </summary>
internal sealed partial class TextTemplate
{
    private readonly List<(string Literal, int Value, TimeSpan? Time, string? Format)> _parts = [];
    private readonly string _tail;
    private readonly DateTimeOffset _base;

    public TextTemplate(string text, IReadOnlyList<string> sentinels, DateTimeOffset baseTime)
    {
        _base = baseTime;
        var position = 0;
        while (true)
        {
            var (at, index) = sentinels
                .Select((s, i) => (At: text.IndexOf(s, position, StringComparison.Ordinal), Index: i))
                .Where(hit => hit.At >= 0)
                .OrderBy(hit => hit.At).ThenByDescending(hit => sentinels[hit.Index].Length)
                .FirstOrDefault((-1, -1));
            var time = Time().Match(text, position);
            if (time.Success && (at < 0 || time.Index < at))
            {
                var value = DateTimeOffset.Parse(time.Value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
                var format = value.ToString("O", CultureInfo.InvariantCulture) == time.Value ? "O" : JsonTemplate.FormatTime(value) == time.Value ? "json" : null;
                if (format is null || Math.Abs((value - baseTime).TotalDays) > 400)
                {
                    throw new InvalidOperationException($"The text '{text}' holds a time {time.Value} a copy could not move exactly.");
                }

                _parts.Add((text[position..time.Index], -1, value - baseTime, format));
                position = time.Index + time.Length;
                continue;
            }

            if (at < 0)
            {
                break;
            }

            _parts.Add((text[position..at], index, null, null));
            position = at + sentinels[index].Length;
        }

        _tail = text[position..];
        var rest = string.Concat(_parts.Select(p => p.Literal)) + _tail;
        if (rest.Contains($"{baseTime.Year}-", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The text '{text}' holds a date of the template; a copy could not move it.");
        }
    }

    public string Render(IReadOnlyList<string> values, TimeSpan shift)
    {
        if (_parts.Count == 0)
        {
            return _tail;
        }

        var builder = new StringBuilder();
        foreach (var (literal, value, time, format) in _parts)
        {
            builder.Append(literal);
            if (time is { } offset)
            {
                var at = _base + offset + shift;
                builder.Append(format == "O" ? at.ToString("O", CultureInfo.InvariantCulture) : JsonTemplate.FormatTime(at));
            }
            else
            {
                builder.Append(values[value]);
            }
        }

        return builder.Append(_tail).ToString();
    }

    [GeneratedRegex(@"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")]
    private static partial Regex Time();
}

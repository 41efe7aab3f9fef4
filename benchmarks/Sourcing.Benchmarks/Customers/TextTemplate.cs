using System.Text;

namespace Sourcing.Benchmarks.Customers;

/// <summary>
/// A plain text of a template (an event's detail, a source key) cut at its sentinels, like <see cref="JsonTemplate"/>
/// but unescaped and without times: construction refuses a text that holds a time of the template, which a copy could
/// not move.
/// </summary>
internal sealed class TextTemplate
{
    private readonly string[] _literals;
    private readonly int[] _values;

    public TextTemplate(string text, IReadOnlyList<string> sentinels, int baseYear)
    {
        if (text.Contains($"{baseYear}-", StringComparison.Ordinal) && !sentinels.Any(s => s.Contains($"{baseYear}-", StringComparison.Ordinal) && text.Contains(s, StringComparison.Ordinal)))
        {
            throw new InvalidOperationException($"The text '{text}' holds a date of the template; a copy could not move it.");
        }

        var literals = new List<string>();
        var values = new List<int>();
        var position = 0;
        while (true)
        {
            var (at, index) = sentinels
                .Select((s, i) => (At: text.IndexOf(s, position, StringComparison.Ordinal), Index: i))
                .Where(hit => hit.At >= 0)
                .OrderBy(hit => hit.At).ThenByDescending(hit => sentinels[hit.Index].Length)
                .FirstOrDefault((-1, -1));
            if (at < 0)
            {
                break;
            }

            literals.Add(text[position..at]);
            values.Add(index);
            position = at + sentinels[index].Length;
        }

        literals.Add(text[position..]);
        _literals = [.. literals];
        _values = [.. values];
    }

    public bool IsConstant => _values.Length == 0;

    public string Render(IReadOnlyList<string> values)
    {
        if (_values.Length == 0)
        {
            return _literals[0];
        }

        var builder = new StringBuilder();
        for (var i = 0; i < _values.Length; i++)
        {
            builder.Append(_literals[i]).Append(values[_values[i]]);
        }

        return builder.Append(_literals[^1]).ToString();
    }
}

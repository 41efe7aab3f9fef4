using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using Google.OrTools.Sat;
using Google.Protobuf.Reflection;
using Sourcing.Optimizer.Model;

namespace Sourcing.Optimizer.CpSat;

/// <summary>
/// Checks extra CP-SAT parameters in C# before native code sees them: CP-SAT parses them with a CHECK that aborts the
/// whole process on a typo. Accepts the protobuf text format of <see cref="SatParameters"/> as CP-SAT does for
/// scalar fields (<c>name:value</c> entries separated by spaces, commas or semicolons; repeated fields one entry per
/// value or as <c>[a, b]</c>); refuses unknown fields, values of the wrong type or enum, a non-repeated field given
/// twice (also a native abort), nested messages, and the time limit (the deadline sets it).
/// </summary>
internal static partial class SolverParameterText
{
    public const string Field = "SolveOptions.ExtraSolverParameters";

    private const string TimeLimit = "max_time_in_seconds";

    /// <summary>
    /// <paramref name="baseParameters"/> (comma-separated <c>name:value</c>) with <paramref name="extra"/> appended,
    /// where an extra parameter replaces the base one of the same name rather than repeating it.
    /// </summary>
    public static string Combine(string baseParameters, string? extra)
    {
        if (string.IsNullOrWhiteSpace(extra))
        {
            return baseParameters;
        }

        var overridden = Parse(extra).Names;
        var kept = baseParameters.Split(',').Where(entry => !overridden.Contains(entry.Split(':')[0].Trim()));
        return string.Join(",", kept.Append(extra));
    }

    /// <summary>The parameters as a message and the names set; throws <see cref="InvalidProblemException"/> naming the entry at fault.</summary>
    public static (SatParameters Parameters, IReadOnlySet<string> Names) Parse(string text)
    {
        var parameters = new SatParameters();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var position = 0;
        foreach (Match entry in Entry().Matches(text))
        {
            if (entry.Index != position && !Separators().IsMatch(text[position..entry.Index]))
            {
                Refuse(text, $"cannot read '{text[position..entry.Index].Trim()}'");
            }

            position = entry.Index + entry.Length;
            var name = entry.Groups["name"].Value;
            var field = SatParameters.Descriptor.FindFieldByName(name);
            if (field is null)
            {
                Refuse(text, $"'{name}' is not a CP-SAT parameter");
            }

            if (!names.Add(name) && !field.IsRepeated)
            {
                Refuse(text, $"'{name}' is given twice");
            }

            if (name == TimeLimit)
            {
                Refuse(text, $"'{name}' is set from the deadline");
            }

            if (field.FieldType is FieldType.Message or FieldType.Group)
            {
                Refuse(text, $"'{name}' is a nested message, not accepted here");
            }

            var raw = entry.Groups["value"].Value.Trim();
            var values = raw.StartsWith('[') && raw.EndsWith(']') ? raw[1..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [raw];
            if (values.Length != 1 && !field.IsRepeated)
            {
                Refuse(text, $"'{name}' takes one value");
            }

            foreach (var value in values)
            {
                var parsed = Value(field, value) ?? Refuse(text, $"'{value}' is not a valid {Describe(field)} for '{name}'");
                if (field.IsRepeated)
                {
                    ((System.Collections.IList)field.Accessor.GetValue(parameters)).Add(parsed);
                }
                else
                {
                    field.Accessor.SetValue(parameters, parsed);
                }
            }
        }

        if (!Separators().IsMatch(text[position..]))
        {
            Refuse(text, $"cannot read '{text[position..].Trim()}'");
        }

        return (parameters, names);
    }

    private static object? Value(FieldDescriptor field, string text)
    {
        var invariant = CultureInfo.InvariantCulture;
        return field.FieldType switch
        {
            FieldType.Bool => text switch { "true" or "True" or "t" or "1" => true, "false" or "False" or "f" or "0" => false, _ => null },
            FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => int.TryParse(text, NumberStyles.AllowLeadingSign, invariant, out var i) ? i : null,
            FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => long.TryParse(text, NumberStyles.AllowLeadingSign, invariant, out var l) ? l : null,
            FieldType.UInt32 or FieldType.Fixed32 => uint.TryParse(text, NumberStyles.None, invariant, out var u) ? u : null,
            FieldType.UInt64 or FieldType.Fixed64 => ulong.TryParse(text, NumberStyles.None, invariant, out var ul) ? ul : null,
            FieldType.Double => Real(text),
            FieldType.Float => Real(text) is { } d ? (float)d : null,
            FieldType.String => text.Length >= 2 && text[0] == text[^1] && text[0] is '"' or '\'' ? text[1..^1] : null,
            FieldType.Enum => field.EnumType.FindValueByName(text) is { } e ? Enum.ToObject(field.EnumType.ClrType, e.Number) : null,
            _ => null,
        };
    }

    private static double? Real(string text) => text.ToLowerInvariant() switch
    {
        "inf" or "infinity" => double.PositiveInfinity,
        "-inf" or "-infinity" => double.NegativeInfinity,
        _ => double.TryParse(text.TrimEnd('f', 'F'), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && !double.IsNaN(d) ? d : null,
    };

    private static string Describe(FieldDescriptor field) => field.FieldType == FieldType.Enum
        ? $"value ({string.Join(", ", field.EnumType.Values.Select(v => v.Name))})"
        : field.FieldType.ToString().ToLowerInvariant();

    [DoesNotReturn]
    private static object Refuse(string text, string reason) => throw new InvalidProblemException(Field, text, reason);

    // name, optional colon, then a quoted string, a [list], or a bare token.
    [GeneratedRegex("""(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*:?\s*(?<value>"[^"]*"|'[^']*'|\[[^\]]*\]|[^\s,;\[\]]+)""")]
    private static partial Regex Entry();

    [GeneratedRegex(@"^[\s,;]*\z")]
    private static partial Regex Separators();
}

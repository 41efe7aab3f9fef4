using System.Reflection;
using Sourcing.Rules.Facts;

namespace Sourcing.Rules.Json;

/// <summary>
/// An allow-list over the words of an expression, checked before it is compiled. RulesEngine expressions can otherwise
/// reach reflection (<c>x.GetType().Assembly.DefinedTypes</c>) and call any public method of an input (measured with
/// RulesEngine 6.0.1). Here a name at the start of a chain must be a fact of the rule's kind,
/// <c>RuleHelpers</c>, <c>Math</c> or a keyword; a name after a dot must be a fact property or one of a few string and
/// math members. Anything else is refused with the word that broke the rule. This is the cheap first pass that names
/// the word; it cannot see into literals (<c>1L.ToString()</c> reads as one number), so the parsed tree is checked
/// again by <see cref="ExpressionTreeSafety"/>.
/// </summary>
internal static class ExpressionSafety
{
    public const int MaxLength = 1_000;

    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase) { "true", "false", "null", "and", "or", "not", "iif" };

    private static readonly HashSet<string> Roots = new(StringComparer.Ordinal) { nameof(RuleHelpers), "Math" };

    private static readonly HashSet<string> Members = BuildMembers();

    /// <summary>Null when the expression may be compiled, otherwise why not.</summary>
    public static string? Check(string expression, IReadOnlyCollection<string> facts)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            return "the expression is empty";
        }

        if (expression.Length > MaxLength)
        {
            return $"the expression is {expression.Length} characters long; at most {MaxLength} are allowed";
        }

        var i = 0;
        var afterDot = false;
        while (i < expression.Length)
        {
            var c = expression[i];
            if (c is '"' or '\'')
            {
                i = SkipString(expression, i);
                afterDot = false;
            }
            else if (char.IsAsciiDigit(c))
            {
                while (i < expression.Length && (char.IsAsciiLetterOrDigit(expression[i]) || expression[i] == '.'))
                {
                    i++;
                }

                afterDot = false;
            }
            else if (char.IsAsciiLetter(c) || c == '_' || c == '@')
            {
                var start = i;
                while (i < expression.Length && (char.IsAsciiLetterOrDigit(expression[i]) || expression[i] == '_' || expression[i] == '@'))
                {
                    i++;
                }

                var word = expression[start..i];
                var allowed = afterDot ? Members.Contains(word) : facts.Contains(word) || Roots.Contains(word) || Keywords.Contains(word);
                if (!allowed)
                {
                    return afterDot
                        ? $"'{word}' is not allowed after a dot: use a property of the facts ({string.Join(", ", facts)}) or RuleHelpers"
                        : $"'{word}' is not allowed: expressions may name only {string.Join(", ", facts)}, RuleHelpers and Math";
                }

                afterDot = false;
            }
            else
            {
                afterDot = c == '.';
                if (c is '{' or '}' or ';')
                {
                    return $"'{c}' is not allowed in an expression";
                }

                i++;
            }
        }

        return null;
    }

    private static int SkipString(string expression, int i)
    {
        var quote = expression[i++];
        while (i < expression.Length && expression[i] != quote)
        {
            i += expression[i] == '\\' ? 2 : 1;
        }

        return i + 1;
    }

    private static HashSet<string> BuildMembers()
    {
        var members = new HashSet<string>(StringComparer.Ordinal)
        {
            // string
            "Length", "Contains", "StartsWith", "EndsWith", "ToUpperInvariant", "ToLowerInvariant", "Trim",
            // Math and RuleHelpers
            "Min", "Max", "Abs", "Round", "Floor", "Ceiling",
        };
        members.UnionWith(typeof(RuleHelpers).GetMethods(BindingFlags.Public | BindingFlags.Static).Select(m => m.Name));
        foreach (var fact in new[] { typeof(OrderFact), typeof(LineFact), typeof(LocationFact), typeof(CustomerFact), typeof(ReturnFact), typeof(ReturnLineFact) })
        {
            members.UnionWith(fact.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.Name != "EqualityContract").Select(p => p.Name));
        }

        return members;
    }
}

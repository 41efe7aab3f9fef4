using Sourcing.Rules.Json;

namespace Sourcing.Rules.Loading;

/// <summary>
/// Bounds on what a rules folder may hold, so that validating or loading it takes bounded time and memory, and on what
/// a problem may echo back, so that an answer is never as large as the mistake. A measured example without them: one
/// file of 25,000 rules took 5.9 s of CPU per validation, and a 3 MB rule name came back in the problem.
/// </summary>
public static class RuleLimits
{
    public const int MaxFiles = 50;
    public const int MaxFileBytes = 256 * 1024;
    public const int MaxRulesPerFile = 200;
    public const int MaxRules = 1_000;
    public const int MaxRuleNameLength = 100;
    public const int MaxExpressionLength = ExpressionSafety.MaxLength;
    public const int MaxExpressionNodes = ExpressionTreeSafety.MaxNodes;

    /// <summary>A refused set lists this many problems, then how many more there are.</summary>
    public const int MaxProblemsListed = 50;

    public const int MaxProblemLength = 500;

    /// <summary>The text cut to at most <paramref name="length"/> characters, marked when it was cut.</summary>
    public static string Shorten(string text, int length) => text.Length <= length ? text : text[..length] + "…";
}

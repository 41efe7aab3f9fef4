namespace Sourcing.Rules.Json;

/// <summary>
/// Functions rule expressions may call, e.g. <c>RuleHelpers.IsOneOf(order.Channel, "web,app")</c>. Pure and cheap:
/// no I/O, no reflection, bounded work.
/// </summary>
public static class RuleHelpers
{
    /// <summary>True when <paramref name="value"/> is one of the comma-separated <paramref name="list"/> (exact, case-sensitive).</summary>
    public static bool IsOneOf(string value, string list)
    {
        foreach (var item in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (string.Equals(item, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when min ≤ value ≤ max.</summary>
    public static bool Between(double value, double min, double max) => value >= min && value <= max;
}

using System.Text.Json;
using Sourcing.Rules.Evaluation;

namespace Sourcing.Rules.Json;

/// <summary>A JSON rule ready to run: its compiled condition and its parsed effect.</summary>
/// <param name="Condition">Takes the kind's facts in <see cref="RuleKinds.Inputs"/> order.</param>
/// <param name="OnFailure">What a decision takes the rule to have decided when its condition throws.</param>
internal sealed record CompiledJsonRule(string Name, RuleKind Kind, string File, string Reason, Func<object[], bool> Condition, RuleEffect Effect, FailurePolicy OnFailure);

/// <summary>What a rule does when its condition holds; only the fields of its kind are set.</summary>
internal sealed record RuleEffect(long PerUnitMinor = 0, long PerShipmentMinor = 0, string? ShipTogether = null, int? MaxShipments = null, bool? ShipComplete = null, bool? BackorderAllowed = null, string? Hold = null)
{
    /// <summary>The property every kind may set: its failure policy (skip, exclude, hold).</summary>
    public const string OnFailureProperty = "onFailure";

    /// <summary>The rule's failure policy: the kind's default unless <see cref="OnFailureProperty"/> names another.</summary>
    public static FailurePolicy ParseFailurePolicy(RuleKind kind, IReadOnlyDictionary<string, JsonElement> properties, out string? problem)
    {
        problem = null;
        var policy = RuleKinds.DefaultFailurePolicy(kind);
        if (!properties.TryGetValue(OnFailureProperty, out var value))
        {
            return policy;
        }

        if (value.ValueKind != JsonValueKind.String || !FailurePolicies.TryParse(value.GetString(), out policy))
        {
            problem = $"{OnFailureProperty} must be \"skip\", \"exclude\" or \"hold\"";
        }
        else if (!RuleKinds.Allows(kind, policy))
        {
            problem = $"{OnFailureProperty} \"exclude\" needs a line and a location; a {kind} rule may choose \"skip\" or \"hold\"";
        }

        return policy;
    }

    public static RuleEffect Parse(RuleKind kind, IReadOnlyDictionary<string, JsonElement> properties, out string? problem)
    {
        problem = null;
        var allowed = RuleKinds.Effects(kind);
        foreach (var (key, value) in properties)
        {
            if (key == OnFailureProperty)
            {
                continue;
            }

            if (!allowed.TryGetValue(key, out var kinds))
            {
                problem = allowed.Count == 0
                    ? $"property '{key}' is unknown: a {kind} rule takes only {OnFailureProperty} (its effect is to exclude)"
                    : $"property '{key}' is unknown for a {kind} rule; known: {string.Join(", ", allowed.Keys)}, {OnFailureProperty}";
                return new RuleEffect();
            }

            if (!kinds.Contains(value.ValueKind) || (value.ValueKind == JsonValueKind.Number && !value.TryGetInt64(out _)))
            {
                problem = $"property '{key}' must be {(kinds[0] == JsonValueKind.Number ? "a whole number" : kinds[0] == JsonValueKind.String ? "a string" : "true or false")}";
                return new RuleEffect();
            }
        }

        if (allowed.Count > 0 && !properties.Keys.Any(allowed.ContainsKey))
        {
            problem = $"a {kind} rule must state its effect in Properties: {string.Join(", ", allowed.Keys)}";
            return new RuleEffect();
        }

        long Long(string key) => properties.TryGetValue(key, out var v) ? v.GetInt64() : 0;
        bool? Bool(string key) => properties.TryGetValue(key, out var v) ? v.GetBoolean() : null;
        string? Text(string key) => properties.TryGetValue(key, out var v) ? v.GetString() : null;

        var effect = new RuleEffect(
            Long("perUnitMinor"),
            Long("perShipmentMinor"),
            Text("shipTogether"),
            properties.ContainsKey("maxShipments") ? (int)Math.Clamp(Long("maxShipments"), int.MinValue, int.MaxValue) : null,
            Bool("shipComplete"),
            Bool("backorderAllowed"),
            Text("hold"));
        if ((CostProblem("perUnitMinor", effect.PerUnitMinor) ?? CostProblem("perShipmentMinor", effect.PerShipmentMinor)) is { } costProblem)
        {
            problem = costProblem;
        }
        else if (effect.MaxShipments is < 1)
        {
            problem = "maxShipments must be at least 1";
        }
        else if (kind == RuleKind.Grouping && string.IsNullOrWhiteSpace(effect.ShipTogether))
        {
            problem = "shipTogether must name a group";
        }
        else if (kind == RuleKind.Hold && (effect.Hold is null || !effect.Hold.All(c => char.IsAsciiLetterUpper(c) || c == '_')))
        {
            problem = "hold must be an upper-case code such as FRAUD_REVIEW";
        }

        return effect;
    }

    /// <summary>
    /// The largest cost one rule may add. Bounded so that the sum over every rule of a set, times any quantity, stays
    /// far inside a long.
    /// </summary>
    public const long MaxCostMinor = 1_000_000_000;

    /// <summary>
    /// A negative cost is refused rather than given a meaning: the optimizer minimises a sum of costs, and a negative
    /// one rewards shipping more units or more parcels from a location, which no merchandiser means by "prefer".
    /// </summary>
    private static string? CostProblem(string key, long value) => value switch
    {
        < 0 => $"{key} must be 0 or more: a negative cost is refused; to prefer a location, add cost to the others",
        > MaxCostMinor => $"{key} must be at most {MaxCostMinor} (minor units)",
        _ => null,
    };
}

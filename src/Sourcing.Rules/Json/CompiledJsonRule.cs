using System.Text.Json;

namespace Sourcing.Rules.Json;

/// <summary>A JSON rule ready to run: its compiled condition and its parsed effect.</summary>
/// <param name="Condition">Takes the kind's facts in <see cref="RuleKinds.Inputs"/> order.</param>
internal sealed record CompiledJsonRule(string Name, RuleKind Kind, string File, string Reason, Func<object[], bool> Condition, RuleEffect Effect);

/// <summary>What a rule does when its condition holds; only the fields of its kind are set.</summary>
internal sealed record RuleEffect(long PerUnitMinor = 0, long PerShipmentMinor = 0, string? ShipTogether = null, int? MaxShipments = null, bool? ShipComplete = null, bool? BackorderAllowed = null, string? Hold = null)
{
    public static RuleEffect Parse(RuleKind kind, IReadOnlyDictionary<string, JsonElement> properties, out string? problem)
    {
        problem = null;
        var allowed = RuleKinds.Effects(kind);
        foreach (var (key, value) in properties)
        {
            if (!allowed.TryGetValue(key, out var kinds))
            {
                problem = allowed.Count == 0
                    ? $"property '{key}' is unknown: a {kind} rule takes no properties (its effect is to exclude)"
                    : $"property '{key}' is unknown for a {kind} rule; known: {string.Join(", ", allowed.Keys)}";
                return new RuleEffect();
            }

            if (!kinds.Contains(value.ValueKind) || (value.ValueKind == JsonValueKind.Number && !value.TryGetInt64(out _)))
            {
                problem = $"property '{key}' must be {(kinds[0] == JsonValueKind.Number ? "a whole number" : kinds[0] == JsonValueKind.String ? "a string" : "true or false")}";
                return new RuleEffect();
            }
        }

        if (allowed.Count > 0 && properties.Count == 0)
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
        if (effect.MaxShipments is < 1)
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
}

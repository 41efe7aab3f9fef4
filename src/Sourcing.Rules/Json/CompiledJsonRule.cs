using System.Text.Json;
using Sourcing.Rules.Evaluation;
using Sourcing.Rules.Kinds;

namespace Sourcing.Rules.Json;

/// <summary>A JSON rule ready to run: its compiled condition and its parsed effect.</summary>
/// <param name="Condition">Takes the kind's facts in <see cref="RuleKind.Facts"/> order.</param>
/// <param name="OnFailure">What a decision takes the rule to have decided when its condition throws.</param>
internal sealed record CompiledJsonRule(string Name, RuleKind Kind, string File, string Reason, Func<object[], bool> Condition, RuleEffect Effect, FailurePolicy OnFailure);

/// <summary>The Properties a rule set, checked against its kind's <see cref="RuleKind.Effects"/> and parsed once at load.</summary>
internal sealed class RuleEffect
{
    /// <summary>The property every kind may set: its failure policy (skip, exclude, hold).</summary>
    public const string OnFailureProperty = "onFailure";

    private readonly Dictionary<string, object> _values;

    private RuleEffect(Dictionary<string, object> values) => _values = values;

    public static RuleEffect None { get; } = new([]);

    public bool Has(string key) => _values.ContainsKey(key);

    /// <summary>A whole-number property, 0 when the rule does not set it.</summary>
    public long Number(string key) => _values.TryGetValue(key, out var value) ? (long)value : 0;

    public bool? Flag(string key) => _values.TryGetValue(key, out var value) ? (bool)value : null;

    public string? Text(string key) => _values.TryGetValue(key, out var value) ? (string)value : null;

    /// <summary>The rule's failure policy: the kind's default unless <see cref="OnFailureProperty"/> names another.</summary>
    public static FailurePolicy ParseFailurePolicy(RuleKind kind, IReadOnlyDictionary<string, JsonElement> properties, out string? problem)
    {
        problem = null;
        var policy = kind.DefaultFailurePolicy;
        if (!properties.TryGetValue(OnFailureProperty, out var value))
        {
            return policy;
        }

        if (kind.FixedFailure is { } fixedFailure)
        {
            problem = $"{OnFailureProperty} is not taken by a {kind} rule: {fixedFailure}";
        }
        else if (value.ValueKind != JsonValueKind.String || !FailurePolicies.TryParse(value.GetString(), out policy))
        {
            problem = $"{OnFailureProperty} must be \"skip\", \"exclude\" or \"hold\"";
        }
        else if (!kind.Allows(policy))
        {
            problem = $"{OnFailureProperty} \"exclude\" needs a line and a location; a {kind} rule may choose \"skip\" or \"hold\"";
        }

        return policy;
    }

    public static RuleEffect Parse(RuleKind kind, IReadOnlyDictionary<string, JsonElement> properties, out string? problem)
    {
        problem = null;
        var allowed = kind.Effects;
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (key, value) in properties)
        {
            if (key == OnFailureProperty)
            {
                continue;
            }

            if (!allowed.TryGetValue(key, out var type))
            {
                problem = allowed.Count == 0
                    ? $"property '{key}' is unknown: a {kind} rule takes only {OnFailureProperty} (its effect is to exclude)"
                    : $"property '{key}' is unknown for a {kind} rule; known: {string.Join(", ", allowed.Keys)}, {OnFailureProperty}";
                return None;
            }

            object? parsed = type switch
            {
                EffectType.WholeNumber when value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) => number,
                EffectType.Text when value.ValueKind == JsonValueKind.String => value.GetString()!,
                EffectType.Flag when value.ValueKind is JsonValueKind.True or JsonValueKind.False => value.GetBoolean(),
                _ => null,
            };
            if (parsed is null)
            {
                problem = $"property '{key}' must be {type switch { EffectType.WholeNumber => "a whole number", EffectType.Text => "a string", _ => "true or false" }}";
                return None;
            }

            values[key] = parsed;
        }

        if (allowed.Count > 0 && values.Count == 0)
        {
            problem = $"a {kind} rule must state its effect in Properties: {string.Join(", ", allowed.Keys)}";
            return None;
        }

        var effect = new RuleEffect(values);
        problem = kind.Validate(effect);
        return effect;
    }
}

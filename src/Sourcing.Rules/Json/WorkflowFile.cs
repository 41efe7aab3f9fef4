using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sourcing.Rules.Json;

// A rule file as written by a merchandiser: the Microsoft RulesEngine workflow format. Read strictly: a misspelt
// field ("Expresion") is an error, not silently ignored, because an ignored field changes what the rule does.

internal sealed class WorkflowFile
{
    [JsonRequired]
    public string WorkflowName { get; set; } = "";

    public string? Description { get; set; }

    [JsonRequired]
    public List<RuleEntry> Rules { get; set; } = [];
}

internal sealed class RuleEntry
{
    [JsonRequired]
    public string RuleName { get; set; } = "";

    [JsonRequired]
    public string Expression { get; set; } = "";

    /// <summary>RulesEngine's default; any other expression type is refused.</summary>
    public string? RuleExpressionType { get; set; }

    /// <summary>The reason reported when the rule applies ("Hazardous goods never ship from stores").</summary>
    public string? SuccessEvent { get; set; }

    public string? ErrorMessage { get; set; }

    public bool Enabled { get; set; } = true;

    /// <summary>The rule's effect, by kind (see RuleKind): perUnitMinor, maxShipments, hold, ...</summary>
    public Dictionary<string, JsonElement>? Properties { get; set; }
}

internal static class WorkflowJson
{
    public static readonly JsonSerializerOptions Strict = new()
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };
}

using System.Text.Json;
using System.Text.Json.Serialization;
using Sourcing.Rules.Facts;

namespace Sourcing.Rules.Scenarios;

/// <summary>
/// A merchandiser's example in <c>rules/scenarios/*.json</c>: an order with its lines and candidate locations, and
/// what the rules must decide for it. Checked before a rule edit goes live.
/// </summary>
public sealed class Scenario
{
    [JsonRequired]
    public string Name { get; set; } = "";

    public OrderFact Order { get; set; } = new();

    public CustomerFact Customer { get; set; } = new();

    public List<ScenarioLine> Lines { get; set; } = [];

    [JsonRequired]
    public ScenarioExpectation Expect { get; set; } = new();

    public RuleInput ToInput() => new(
        Order with { LineCount = Lines.Count },
        Customer,
        Lines.Select((l, i) => new LineCandidates(l.Line with { Index = i }, l.Locations)).ToList());

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };
}

public sealed class ScenarioLine
{
    public LineFact Line { get; set; } = new();

    public List<LocationFact> Locations { get; set; } = [];
}

/// <summary>Only what is stated is checked; an unstated expectation is not an expectation of "nothing".</summary>
public sealed class ScenarioExpectation
{
    /// <summary>Line × location pairs that must be excluded, and by which rule when <c>rule</c> is given.</summary>
    public List<ExpectedExclusion> Excluded { get; set; } = [];

    /// <summary>Line × location pairs that must stay eligible.</summary>
    public List<ExpectedExclusion> NotExcluded { get; set; } = [];

    /// <summary>Hold codes the order must get, exactly (empty list: no hold).</summary>
    public List<string>? Holds { get; set; }

    /// <summary>Payment method codes the payment rules must not offer for this order, exactly (empty list: every method offered).</summary>
    public List<string>? Disallowed { get; set; }

    public int? MaxShipments { get; set; }

    public bool? ShipComplete { get; set; }

    public bool? BackorderAllowed { get; set; }

    /// <summary>Sets of line indexes that must ship together.</summary>
    public List<List<int>> ShipTogether { get; set; } = [];

    /// <summary>Rules that must add cost to a line × location (or a location, for per-shipment rules).</summary>
    public List<ExpectedExclusion> CostAdjustedBy { get; set; } = [];
}

public sealed class ExpectedExclusion
{
    public int? Line { get; set; }

    [JsonRequired]
    public string Location { get; set; } = "";

    public string? Rule { get; set; }
}

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

    /// <summary>A return to decide with the return rules instead of an order to source; its lines replace <see cref="Lines"/>.</summary>
    public ScenarioReturn? Return { get; set; }

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

/// <summary>The return form of a scenario: the return and its lines, named by lineId (by position when not given).</summary>
public sealed class ScenarioReturn
{
    public ReturnFact Rma { get; set; } = new();

    public List<ReturnLineFact> Lines { get; set; } = [];

    public IReadOnlyList<ReturnLineFact> NamedLines() =>
        Lines.Select((l, i) => l.LineId.Length > 0 ? l : l with { LineId = i.ToString(System.Globalization.CultureInfo.InvariantCulture) }).ToList();
}

/// <summary>What the return rules must decide; as for orders, only what is stated is checked.</summary>
public sealed class ReturnExpectation
{
    /// <summary>Lines that must be refused, and by which rule when <c>rule</c> is given.</summary>
    public List<ExpectedRefusal> Refused { get; set; } = [];

    /// <summary>Line ids that must not be refused.</summary>
    public List<string> NotRefused { get; set; } = [];

    /// <summary>Restocking fee in basis points per line id (0: no fee).</summary>
    public Dictionary<string, int> RestockingFeeBasisPoints { get; set; } = [];

    public bool? InstantRefund { get; set; }

    public bool? ShipBeforeReturn { get; set; }

    /// <summary>The days goods sent or refunded ahead must be back within; 0 means no rule may set it.</summary>
    public int? ReturnWithinDays { get; set; }
}

public sealed class ExpectedRefusal
{
    [JsonRequired]
    public string Line { get; set; } = "";

    public string? Rule { get; set; }
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

    /// <summary>What the return rules must decide, for a scenario with a <see cref="Scenario.Return"/>.</summary>
    public ReturnExpectation? Return { get; set; }

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

namespace Sourcing.Rules.NRulesSets;

/// <summary>
/// Inserted once into each NRules session; rules that fire write their decisions here. Cheaper than inserting and
/// querying a fact per decision, and keeps the rule's name beside each decision for the trace.
/// </summary>
public sealed class RuleOutcome
{
    internal List<(string LocationId, string Rule, string Reason)> ExcludedLocations { get; } = [];
    internal List<(string LocationId, long PerUnitMinor, long PerShipmentMinor, string Rule)> LocationCosts { get; } = [];
    internal List<(int LineIndex, string Group, string Rule)> Groups { get; } = [];

    /// <summary>No line of the order may be sourced at <paramref name="locationId"/>.</summary>
    public void ExcludeLocation(string locationId, string rule, string reason) => ExcludedLocations.Add((locationId, rule, reason));

    public void AdjustLocationCost(string locationId, long perUnitMinor, long perShipmentMinor, string rule) =>
        LocationCosts.Add((locationId, perUnitMinor, perShipmentMinor, rule));

    public void ShipTogether(int lineIndex, string group, string rule) => Groups.Add((lineIndex, group, rule));
}

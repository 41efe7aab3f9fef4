using Sourcing.Rules.Evaluation;

namespace Sourcing.Rules.Kinds;

/// <summary>Line: when true, the line ships together with the others of group shipTogether.</summary>
internal static class GroupingKind
{
    /// <summary>Grouping rules only steer, so a failing one is ignored.</summary>
    public static readonly RuleKind Kind = new()
    {
        Prefix = "grouping",
        Scope = RuleScope.Line,
        DefaultFailurePolicy = FailurePolicy.Skip,
        Effects = new Dictionary<string, EffectType> { ["shipTogether"] = EffectType.Text },
        Validate = effect => string.IsNullOrWhiteSpace(effect.Text("shipTogether")) ? "shipTogether must name a group" : null,
        Apply = hit => hit.Outcomes.ShipTogether(hit.Line!.Value, hit.Rule.Effect.Text("shipTogether")!, hit.Rule.Name, RuleSource.Json),
    };
}

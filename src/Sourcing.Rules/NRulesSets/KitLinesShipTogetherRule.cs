using NRules.Fluent.Dsl;
using Sourcing.Rules.Facts;

namespace Sourcing.Rules.NRulesSets;

/// <summary>Kit integrity: the lines of one kit ship together, from one location.</summary>
[Name("KitLinesShipTogether"), Tag(RuleSetTags.Kits)]
[Description("Lines that share a kit id ship together from one location.")]
public sealed class KitLinesShipTogetherRule : Rule
{
    public override void Define()
    {
        RuleOutcome outcome = default!;
        LineFact part = default!;

        When()
            .Match(() => outcome)
            .Match(() => part, line => line.KitId != "")
            .Exists<LineFact>(other => other.KitId == part.KitId && other.Index != part.Index);

        Then()
            .Do(context => outcome.ShipTogether(part.Index, "kit:" + part.KitId, context.Rule.Name));
    }
}

using NRules.Fluent.Dsl;
using Sourcing.Rules.Facts;

namespace Sourcing.Rules.NRulesSets;

/// <summary>Moves load away from locations above 80% of today's capacity: 1.50 € more per unit from them.</summary>
[Name("BusyLocationSurcharge"), Tag(RuleSetTags.Capacity)]
[Description("Locations that have used 80% or more of today's unit capacity cost 1.50 EUR more per unit.")]
public sealed class BusyLocationSurchargeRule : Rule
{
    public const int BusyPercent = 80;
    public const long SurchargePerUnitMinor = 150;

    public override void Define()
    {
        RuleOutcome outcome = default!;
        LocationFact busy = default!;

        When()
            .Match(() => outcome)
            .Match(() => busy, location => location.CapacityUsedPercent >= BusyPercent);

        Then()
            .Do(context => outcome.AdjustLocationCost(busy.Id, SurchargePerUnitMinor, 0, context.Rule.Name));
    }
}

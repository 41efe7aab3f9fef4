using NRules.Fluent.Dsl;
using Sourcing.Rules.Facts;

namespace Sourcing.Rules.NRulesSets;

/// <summary>If any line is hazardous, the whole order avoids stores: a courier collects one parcel, not some.</summary>
[Name("HazardousOrderAvoidsStores"), Tag(RuleSetTags.Safety)]
[Description("If any line of the order is hazardous, no line ships from a store.")]
public sealed class HazardousOrderAvoidsStoresRule : Rule
{
    public override void Define()
    {
        RuleOutcome outcome = default!;
        LocationFact store = default!;

        When()
            .Match(() => outcome)
            .Exists<LineFact>(line => line.Hazardous)
            .Match(() => store, location => location.Type == "store");

        Then()
            .Do(context => outcome.ExcludeLocation(store.Id, context.Rule.Name, "The order has a hazardous line; stores may not ship any of it."));
    }
}

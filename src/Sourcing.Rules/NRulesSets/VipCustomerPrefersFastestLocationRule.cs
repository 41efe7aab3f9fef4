using NRules.Fluent.Dsl;
using Sourcing.Rules.Facts;

namespace Sourcing.Rules.NRulesSets;

/// <summary>VIP customers get the fastest location: each hour of processing costs 0.10 € more per shipment.</summary>
[Name("VipCustomerPrefersFastestLocation"), Tag(RuleSetTags.Service)]
[Description("For VIP customers, every processing hour of a location adds 10 cents per shipment from it.")]
public sealed class VipCustomerPrefersFastestLocationRule : Rule
{
    public const long PerProcessingHourMinor = 10;

    public override void Define()
    {
        RuleOutcome outcome = default!;
        LocationFact slow = default!;

        When()
            .Match(() => outcome)
            .Exists<CustomerFact>(customer => customer.IsVip)
            .Match(() => slow, location => location.ProcessingHours > 0);

        Then()
            .Do(context => outcome.AdjustLocationCost(slow.Id, 0, slow.ProcessingHours * PerProcessingHourMinor, context.Rule.Name));
    }
}

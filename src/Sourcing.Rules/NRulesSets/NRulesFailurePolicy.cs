using NRules.RuleModel;
using Sourcing.Rules.Evaluation;

namespace Sourcing.Rules.NRulesSets;

/// <summary>
/// What a failing NRules rule is taken to have decided. A safety rule that cannot decide may have let a hazardous
/// order through, so a person looks at the order; the other sets only steer costs and grouping, so the rule is ignored.
/// </summary>
internal static class NRulesFailurePolicy
{
    public static FailurePolicy For(IRuleDefinition rule) =>
        rule.Tags.Contains(RuleSetTags.Safety) ? FailurePolicy.Hold : FailurePolicy.Skip;
}

using Sourcing.Rules.Evaluation;

namespace Sourcing.Rules.Kinds;

/// <summary>Line × location: when true, the line may not be sourced there (SuccessEvent says why).</summary>
internal static class EligibilityKind
{
    /// <summary>Eligibility rules guard safety and law, so a failing one keeps the candidate out.</summary>
    public static readonly RuleKind Kind = new()
    {
        Prefix = "eligibility",
        Scope = RuleScope.Candidate,
        DefaultFailurePolicy = FailurePolicy.Exclude,
        NeedsReason = true,
        Apply = hit => hit.Outcomes.Exclude(hit.Line!.Value, hit.Location!, hit.Rule.Name, hit.Rule.Reason, RuleSource.Json),
    };
}

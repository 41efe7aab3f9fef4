namespace Sourcing.Rules.Evaluation;

/// <summary>
/// What a decision does with a rule that throws while it is evaluated (a division by zero on some input, say). The
/// failure is contained to that rule and reported in the trace; the policy says what the rule is taken to have decided.
/// </summary>
public enum FailurePolicy
{
    /// <summary>Ignore the rule for this order, as if its condition were false.</summary>
    Skip,

    /// <summary>Treat the line × location the rule failed on as excluded (eligibility and cost rules only).</summary>
    Exclude,

    /// <summary>Put the order on hold so that a person looks at it before it is released.</summary>
    Hold,
}

public static class FailurePolicies
{
    /// <summary>The hold code of an order held because a rule that is not itself a hold rule failed.</summary>
    public const string HoldCode = "RULE_FAILED";

    public static string Name(FailurePolicy policy) => policy switch
    {
        FailurePolicy.Skip => "skip",
        FailurePolicy.Exclude => "exclude",
        _ => "hold",
    };

    public static bool TryParse(string? text, out FailurePolicy policy)
    {
        policy = text switch
        {
            "skip" => FailurePolicy.Skip,
            "exclude" => FailurePolicy.Exclude,
            "hold" => FailurePolicy.Hold,
            _ => (FailurePolicy)(-1),
        };
        return Enum.IsDefined(policy);
    }
}

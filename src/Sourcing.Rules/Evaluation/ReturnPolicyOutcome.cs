namespace Sourcing.Rules.Evaluation;

/// <summary>What the return rules decided for one return: per line, and for the return as a whole.</summary>
/// <param name="RulesVersion">The version of the rule set that decided, as every sourcing decision reports it.</param>
/// <param name="InstantRefund">Some rule grants it for every line, and none of those rules failed.</param>
/// <param name="ShipBeforeReturn">Some rule grants it for every line, and none of those rules failed.</param>
/// <param name="ReturnWithinDays">The smallest any rule gave, or null when none did.</param>
/// <param name="Explanation">Every rule that decided something and every rule that failed, in words.</param>
/// <param name="FailedRules">The rules that threw on some line, each once.</param>
public sealed record ReturnPolicyOutcome(
    string RulesVersion,
    IReadOnlyList<ReturnLineOutcome> Lines,
    bool InstantRefund,
    bool ShipBeforeReturn,
    int? ReturnWithinDays,
    IReadOnlyList<string> Explanation,
    IReadOnlyList<string> FailedRules);

/// <param name="LineId">The <see cref="Facts.ReturnLineFact.LineId"/> the line was evaluated with.</param>
/// <param name="RefusedBy">Every rule that refuses the line, in rule order; empty when the line may come back.</param>
/// <param name="RestockingFeeBasisPoints">The highest fee any rule gave the line; 0 when none.</param>
public sealed record ReturnLineOutcome(string LineId, IReadOnlyList<ReturnRefusal> RefusedBy, int RestockingFeeBasisPoints)
{
    public bool Refused => RefusedBy.Count > 0;
}

/// <param name="Reason">The rule's SuccessEvent: what the customer is told.</param>
public sealed record ReturnRefusal(string Rule, string Reason);

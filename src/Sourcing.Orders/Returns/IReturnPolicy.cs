namespace Sourcing.Orders.Returns;

/// <summary>
/// The return policy, decided by the merchandisers' rule files (rule kind "return"): which lines may come back, with
/// which restocking fee, and whom the retailer trusts with an instant refund or goods sent ahead. Implemented by the
/// host over the loaded rule set; orders know nothing of rule files.
/// </summary>
public interface IReturnPolicy
{
    /// <summary>
    /// Decides a requested return. A rule that throws never decides in the customer's favour: it refuses the line it
    /// was evaluated for (an agent may override) and grants neither an instant refund nor goods sent ahead.
    /// </summary>
    Task<ReturnPolicyDecision> DecideAsync(ReturnPolicyRequest request, CancellationToken cancellationToken);
}

/// <param name="RequestedVia">Where the return is asked for: "web", "call-centre", "store" or a channel id.</param>
/// <param name="Now">The service's clock; days since delivery are computed by the caller on the same clock.</param>
public sealed record ReturnPolicyRequest(
    OrderDocument Order, ReturnKind Kind, string RequestedVia, IReadOnlyList<ReturnPolicyLine> Lines, DateTimeOffset Now);

/// <param name="DaysSinceDelivery">Whole days in the seller's time zone from the day the line's latest units were
/// delivered (or shipped, when no delivery was reported) to today: delivered yesterday = 1.</param>
public sealed record ReturnPolicyLine(OrderLine Line, int Quantity, ReturnReason Reason, int DaysSinceDelivery);

/// <param name="InstantRefund">Refund when the goods are handed over instead of when they are received.</param>
/// <param name="ShipBeforeReturn">An exchange or replacement may ship before the return arrives.</param>
/// <param name="ReturnWithinDays">Goods sent or refunded ahead must be back within this many days (null: the
/// service's default).</param>
/// <param name="Explanation">Every rule that decided something, in words, for the return's record.</param>
public sealed record ReturnPolicyDecision(
    string RulesVersion,
    IReadOnlyList<ReturnLineDecision> Lines,
    bool InstantRefund,
    bool ShipBeforeReturn,
    int? ReturnWithinDays,
    IReadOnlyList<string> Explanation);

/// <param name="RefusedByRule">The rule that refused the line (empty when allowed); its reason is what the customer reads.</param>
/// <param name="RestockingFeeBasisPoints">Of the line's refunded gross; 0 when none (several rules: the highest).</param>
public sealed record ReturnLineDecision(string LineId, bool Refused, string RefusedByRule, string RefusalReason, int RestockingFeeBasisPoints);

using Sourcing.Orders;
using Sourcing.Orders.Returns;
using Sourcing.Rules.Evaluation;
using Sourcing.Rules.Facts;
using Sourcing.Rules.Loading;
using Sourcing.Service.Sourcing;

namespace Sourcing.Service.Returns;

/// <summary>
/// The return policy as the merchandisers' rule files (kind "return") decide it, on the rule set active at the moment
/// of the decision (a reload applies to the next return at once). The customer's credit facts are read from the
/// service's own receivables as for sourcing an order; when they cannot be read nothing is decided (UNAVAILABLE),
/// because deciding with an empty history would grant or refuse on facts nobody checked.
/// </summary>
public sealed class RulesReturnPolicy(RuleSetHost rules, CustomerCreditReader credit) : IReturnPolicy
{
    public async Task<ReturnPolicyDecision> DecideAsync(ReturnPolicyRequest request, CancellationToken cancellationToken)
    {
        var order = request.Order;
        var customer = await credit.ReadAsync(new CustomerProfile(order.Customer.Id, order.Customer.Segment, order.Customer.Vip), order.Currency, cancellationToken);
        var outcome = rules.Current.EvaluateReturn(ReturnFacts.Of(request), customer, request.Lines.Select(ReturnFacts.Of).ToList());
        return new ReturnPolicyDecision(
            outcome.RulesVersion,
            outcome.Lines.Select(Decision).ToList(),
            outcome.InstantRefund,
            outcome.ShipBeforeReturn,
            outcome.ReturnWithinDays,
            outcome.Explanation);
    }

    /// <summary>Every refusing rule is named, and every reason given: the customer reads them all.</summary>
    private static ReturnLineDecision Decision(ReturnLineOutcome line) => new(
        line.LineId,
        line.Refused,
        string.Join(", ", line.RefusedBy.Select(r => r.Rule)),
        string.Join(" ", line.RefusedBy.Select(r => r.Reason)),
        line.RestockingFeeBasisPoints);
}

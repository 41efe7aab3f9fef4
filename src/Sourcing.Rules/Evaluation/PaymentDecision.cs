namespace Sourcing.Rules.Evaluation;

/// <summary>
/// What the payment rules decided for one order and customer: the holds they placed (all of category
/// <see cref="Hold.PaymentCategory"/>), the methods they do not offer, and the rules that threw.
/// </summary>
/// <param name="Holds">
/// Holds placed by the rules, with <see cref="Hold.PaymentMethodNotAllowed"/> when the order's own method is disallowed.
/// </param>
public sealed record PaymentDecision(IReadOnlyList<Hold> Holds, IReadOnlyList<DisallowedMethod> Disallowed, IReadOnlyList<RuleFailure> Failures)
{
    public bool Allows(string method) => !Disallowed.Any(d => d.Method == method);
}

/// <summary>One payment method as it would fare for an order: offered or not, and the holds it would bring.</summary>
public sealed record PaymentOption(string Method, PaymentDecision Decision)
{
    public bool Allowed => Decision.Allows(Method);
}

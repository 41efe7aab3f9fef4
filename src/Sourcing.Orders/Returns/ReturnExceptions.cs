namespace Sourcing.Orders.Returns;

/// <summary>No return with this id or number exists (or the caller may not see it). Maps to NOT_FOUND.</summary>
public sealed class ReturnNotFoundException(string returnIdOrNumber) : Exception($"Return '{returnIdOrNumber}' was not found.")
{
    public string ReturnIdOrNumber { get; } = returnIdOrNumber;
}

/// <summary>One line the return policy refused, with the rule and the reason the customer reads.</summary>
public sealed record ReturnRefusal(string LineId, string Rule, string Reason);

/// <summary>
/// The return policy refused lines of a requested return; nothing was saved. Maps to FAILED_PRECONDITION with reason
/// RETURN_NOT_ALLOWED and one violation per refused line (subject "order/{id}/line/{lineId}", the rule, the reason).
/// </summary>
public sealed class ReturnRefusedException(string orderId, IReadOnlyList<ReturnRefusal> refusals)
    : Exception($"The return policy does not allow this return of order '{orderId}': " +
        string.Join("; ", refusals.Select(r => $"line {r.LineId}: {r.Reason} ({r.Rule})")))
{
    public string OrderId { get; } = orderId;
    public IReadOnlyList<ReturnRefusal> Refusals { get; } = refusals;
}

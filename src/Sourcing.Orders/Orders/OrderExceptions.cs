namespace Sourcing.Orders;

/// <summary>No order with this id exists (or the caller may not see it). Maps to NOT_FOUND.</summary>
public sealed class OrderNotFoundException(string orderId) : Exception($"Order '{orderId}' was not found.")
{
    public string OrderId { get; } = orderId;
}

/// <summary>
/// The order is not in a state that allows the command (an illegal line transition, a fulfilment order already shipped).
/// Maps to FAILED_PRECONDITION with <see cref="Code"/> as the reason.
/// </summary>
public sealed class OrderStateException(string code, string subject, string message) : Exception(message)
{
    /// <summary>A stable upper-case code a client can switch on, e.g. ILLEGAL_LINE_TRANSITION.</summary>
    public string Code { get; } = code;

    /// <summary>What the refusal is about, e.g. "order/O-1/line/L1".</summary>
    public string Subject { get; } = subject;
}

/// <summary>
/// The caller may not do this to the order (release a payment hold without the finance role). Maps to
/// PERMISSION_DENIED with reason PAYMENT_HOLD_NEEDS_FINANCE.
/// </summary>
public sealed class OrderPermissionDeniedException(string subject, string message) : Exception(message)
{
    public string Subject { get; } = subject;
}

/// <summary>
/// Someone else changed the order between this command's read and its write; nothing of this command was saved.
/// Maps to ABORTED: read the order again and retry.
/// </summary>
public sealed class OrderConcurrencyException(string orderId, long expectedVersion)
    : Exception($"Order '{orderId}' was changed by someone else (it is no longer at version {expectedVersion}); nothing was changed by this call. Read it again and retry.")
{
    public string OrderId { get; } = orderId;
}

/// <summary>An order with this channel and external order number exists already. Maps to ALREADY_EXISTS.</summary>
public sealed class OrderAlreadyExistsException(string channel, string externalOrderNumber, string existingOrderId)
    : Exception($"Channel '{channel}' already has an order with external number '{externalOrderNumber}': order '{existingOrderId}'.")
{
    public string ExistingOrderId { get; } = existingOrderId;
}

/// <summary>The request id was used before for a different order. Maps to ALREADY_EXISTS.</summary>
public sealed class OrderRequestConflictException(string requestId)
    : Exception($"Request id '{requestId}' was already used for a different order; nothing was changed.")
{
    public string RequestId { get; } = requestId;
}

/// <summary>
/// The order store could not be reached or did not answer in time. Maps to UNAVAILABLE. <see cref="MayHaveApplied"/>
/// says whether the write may have happened (the commit was sent but its answer lost): then retry with the same request id.
/// </summary>
public sealed class OrderStoreUnavailableException(string message, bool mayHaveApplied, Exception? inner = null) : Exception(message, inner)
{
    public bool MayHaveApplied { get; } = mayHaveApplied;
}

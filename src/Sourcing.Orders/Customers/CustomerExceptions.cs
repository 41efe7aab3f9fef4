namespace Sourcing.Orders.Customers;

/// <summary>No customer with this id exists (or the caller may not see it). Maps to NOT_FOUND.</summary>
public sealed class CustomerNotFoundException(string customerId) : Exception($"Customer '{customerId}' was not found.")
{
    public string CustomerId { get; } = customerId;
}

/// <summary>
/// The customer is not in a state that allows the command (merged, erased, a merge past its undo window). Maps to
/// FAILED_PRECONDITION with <see cref="Code"/> as the reason.
/// </summary>
public sealed class CustomerStateException(string code, string subject, string message) : Exception(message)
{
    /// <summary>A stable upper-case code, e.g. CUSTOMER_MERGED, MERGE_UNDO_WINDOW_PASSED, CUSTOMER_HAS_OPEN_ORDERS.</summary>
    public string Code { get; } = code;

    /// <summary>What the refusal is about, e.g. "customer/CUS-1".</summary>
    public string Subject { get; } = subject;
}

/// <summary>Someone else changed the customer between this command's read and its write; nothing was saved. Maps to ABORTED.</summary>
public sealed class CustomerConcurrencyException(string customerId)
    : Exception($"Customer '{customerId}' was changed by someone else; nothing was changed by this call. Read it again and retry.")
{
    public string CustomerId { get; } = customerId;
}

/// <summary>A customer with this id exists already. Maps to ALREADY_EXISTS.</summary>
public sealed class CustomerIdTakenException(string customerId) : Exception($"A customer with id '{customerId}' exists already.")
{
    public string CustomerId { get; } = customerId;
}

/// <summary>The identity belongs to another customer. Maps to ALREADY_EXISTS; merging is an agent's explicit act.</summary>
public sealed class IdentityTakenException(IdentityKind kind, string scope, string value, string ownerId)
    : Exception($"The {kind} identity is already held by another customer; nothing was saved. An agent can merge the two customers.")
{
    public IdentityKind Kind { get; } = kind;
    public string Scope { get; } = scope;
    public string Value { get; } = value;

    /// <summary>The customer holding it (not shown to callers who may not see that customer).</summary>
    public string OwnerId { get; } = ownerId;
}

/// <summary>The customer store could not be reached or did not answer in time. Maps to UNAVAILABLE.</summary>
public sealed class CustomerStoreUnavailableException(string message, bool mayHaveApplied, Exception? inner = null) : Exception(message, inner)
{
    public bool MayHaveApplied { get; } = mayHaveApplied;
}

/// <summary>The request id was used before with a different body; nothing was changed. Maps to ALREADY_EXISTS.</summary>
public sealed class CustomerRequestConflictException(string requestId)
    : Exception($"Request id '{requestId}' was already used for a different customer registration; nothing was changed.")
{
    public string RequestId { get; } = requestId;
}

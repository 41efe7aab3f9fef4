namespace Sourcing.Service.Errors;

/// <summary>One field of a request and why it is wrong; field paths follow the proto names, e.g. <c>lines[2].quantity</c>.</summary>
public sealed record FieldProblem(string Field, string Description);

/// <summary>The request is malformed; nothing was changed. Maps to INVALID_ARGUMENT with a BadRequest detail.</summary>
public sealed class RequestValidationException(IReadOnlyList<FieldProblem> problems)
    : Exception("Invalid request: " + string.Join("; ", problems.Select(p => $"{p.Field}: {p.Description}")))
{
    public IReadOnlyList<FieldProblem> Problems { get; } = problems;
}

/// <summary>The named thing does not exist. Maps to NOT_FOUND.</summary>
public sealed class NotFoundException(string resourceType, string resourceName)
    : Exception($"{resourceType} '{resourceName}' was not found.")
{
    public string ResourceType { get; } = resourceType;
    public string ResourceName { get; } = resourceName;
}

/// <summary>The request is well formed but the system is not in a state to carry it out. Maps to FAILED_PRECONDITION.</summary>
public class PreconditionFailedException(string type, string subject, string description) : Exception(description)
{
    /// <summary>A stable, upper-case code a client can switch on, e.g. RESERVATION_EXPIRED.</summary>
    public string Type { get; } = type;
    public string Subject { get; } = subject;
}

/// <summary>A request id was reused for a different request. Maps to ALREADY_EXISTS.</summary>
public sealed class IdempotencyConflictException(string requestId)
    : Exception($"Request id '{requestId}' was already used for a different request.")
{
    public string RequestId { get; } = requestId;
}

/// <summary>A race was lost and retrying inside the call did not settle it. Maps to ABORTED: the caller retries the call.</summary>
/// <param name="reason">A stable code for the race, e.g. STOCK_MOVED or REQUEST_IN_PROGRESS.</param>
public sealed class ConcurrencyConflictException(string message, string reason = "STOCK_MOVED") : Exception(message)
{
    public string Reason { get; } = reason;
}

/// <summary>
/// A stored record cannot be decoded (written by an older version, or edited by hand). Maps to DATA_LOSS: retrying
/// will not help, an operator must look at the record.
/// </summary>
public sealed class StoredRecordUnreadableException(string resourceType, string resourceName, string why)
    : Exception($"{resourceType} '{resourceName}' is stored in a form this service cannot read: {why}.")
{
    public string ResourceType { get; } = resourceType;
    public string ResourceName { get; } = resourceName;
}

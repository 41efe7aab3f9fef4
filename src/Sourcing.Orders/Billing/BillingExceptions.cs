namespace Sourcing.Orders.Billing;

/// <summary>A document or payment that does not exist (or is not the caller's to see): NOT_FOUND.</summary>
public sealed class BillingNotFoundException(string what, string id)
    : Exception($"{what} {id} was not found.")
{
    public string What { get; } = what;
    public string Id { get; } = id;
}

/// <summary>A request the billing state refuses (crediting more than was invoiced, a currency mismatch): FAILED_PRECONDITION with a code.</summary>
public sealed class BillingStateException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>A source key or external reference recorded already (a repeat, or a concurrent copy): the caller reads what exists.</summary>
public sealed class BillingDuplicateException(string key) : Exception($"{key} is recorded already.")
{
    public string Key { get; } = key;
}

/// <summary>The billing database did not answer: UNAVAILABLE; whether the change may have been saved is said.</summary>
public sealed class BillingStoreUnavailableException(string message, bool mayHaveApplied, Exception? inner = null)
    : Exception(message, inner)
{
    public bool MayHaveApplied { get; } = mayHaveApplied;
}

namespace Sourcing.Service.Audit;

/// <summary>One administrative change: who asked what, when, and how it ended.</summary>
public sealed record AuditEntry(string Position, DateTimeOffset At, string Subject, string Method, string Request, string Outcome);

/// <summary>Where audit entries are kept: append-only, read newest first.</summary>
public interface IAuditLog
{
    Task AppendAsync(DateTimeOffset at, string subject, string method, string request, string outcome, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="max"/> entries older than <paramref name="beforePosition"/> (all when null), newest first.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAsync(string? beforePosition, int max, CancellationToken cancellationToken);
}

/// <summary>Marks an RPC whose every call is recorded in the audit log.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AuditedAttribute : Attribute
{
    /// <summary>
    /// The request carries personal data (names, addresses, a search text): the entry records only its identifier
    /// fields (names ending in <c>_id</c>, <c>field</c>, page sizes), a query as its length, and the outcome as its
    /// status, reason and the names of bad fields, never their values (<see cref="PersonalDataRedaction"/>). The log
    /// outlives an erasure, so nothing in it may need erasing.
    /// </summary>
    public bool PersonalData { get; init; }
}

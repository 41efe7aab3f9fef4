namespace Sourcing.Service.Sourcing;

/// <summary>A SourceOrder answer kept under its request id, with the fingerprint of the request that produced it.</summary>
public sealed record StoredAnswer(string Fingerprint, byte[] Response);

/// <summary>Remembers SourceOrder answers so a repeated request id returns the first answer. Redis and in-memory.</summary>
public interface ISourcingRequestStore
{
    Task<StoredAnswer?> GetAsync(string requestId, CancellationToken cancellationToken);

    /// <summary>
    /// Saves unless an answer is already kept for the id. Returns the answer kept: <paramref name="answer"/> itself (the
    /// same instance) when it was saved, otherwise the earlier one.
    /// </summary>
    Task<StoredAnswer> SaveIfAbsentAsync(string requestId, StoredAnswer answer, TimeSpan keepFor, CancellationToken cancellationToken);
}

using Sourcing.Service.Inventory;

namespace Sourcing.Service.Sourcing;

/// <summary>A SourceOrder answer kept under its request id, with the fingerprint of the request that produced it.</summary>
public sealed record StoredAnswer(string Fingerprint, byte[] Response);

/// <summary>
/// The last hold a SourceOrder request id tried: its number (part of the hold's inventory request id) and exactly what
/// it asked the inventory to hold, so a later call can replay that hold to learn whether it happened.
/// </summary>
public sealed record HoldAttempt(int Number, IReadOnlyList<ReservationLine> Lines, int TtlSeconds);

/// <summary>
/// Remembers SourceOrder answers so a repeated request id returns the first answer; marks a request id as in progress
/// so concurrent copies of one call run one at a time; and records each hold attempt before it is made, so a hold whose
/// call ended before its answer was stored can be found and released. Redis and in-memory.
/// </summary>
public interface ISourcingRequestStore
{
    Task<StoredAnswer?> GetAsync(string requestId, CancellationToken cancellationToken);

    /// <summary>
    /// Saves unless an answer is already kept for the id. Returns the answer kept: <paramref name="answer"/> itself (the
    /// same instance) when it was saved, otherwise the earlier one.
    /// </summary>
    Task<StoredAnswer> SaveIfAbsentAsync(string requestId, StoredAnswer answer, TimeSpan keepFor, CancellationToken cancellationToken);

    /// <summary>
    /// Marks the request id as in progress under <paramref name="token"/> unless it already is; false when another call
    /// holds the mark. The mark lapses after <paramref name="markFor"/>, so a crashed process blocks retries only that long.
    /// </summary>
    Task<bool> TryBeginAsync(string requestId, string token, TimeSpan markFor, CancellationToken cancellationToken);

    /// <summary>Removes the in-progress mark if it is still <paramref name="token"/>'s.</summary>
    Task EndAsync(string requestId, string token, CancellationToken cancellationToken);

    /// <summary>Numbers the next hold attempt of the request id (1, 2, ...) and records what it will hold, before it is made.</summary>
    Task<int> RecordHoldAttemptAsync(string requestId, IReadOnlyList<ReservationLine> lines, int ttlSeconds, TimeSpan keepFor, CancellationToken cancellationToken);

    /// <summary>The last hold attempt recorded for the request id, or null when none was.</summary>
    Task<HoldAttempt?> GetLastHoldAttemptAsync(string requestId, CancellationToken cancellationToken);
}

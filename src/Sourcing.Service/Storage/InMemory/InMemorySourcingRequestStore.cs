using System.Collections.Concurrent;
using Sourcing.Service.Inventory;
using Sourcing.Service.Sourcing;

namespace Sourcing.Service.Storage.InMemory;

/// <summary>Embedded: answers live until the process ends (no expiry; the embedded store is for one process and demos).</summary>
public sealed class InMemorySourcingRequestStore : ISourcingRequestStore
{
    private readonly ConcurrentDictionary<string, StoredAnswer> _answers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Token, long ExpiresAtMs)> _inProgress = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, HoldAttempt> _attempts = new(StringComparer.Ordinal);

    public Task<StoredAnswer?> GetAsync(string requestId, CancellationToken cancellationToken) =>
        Task.FromResult(_answers.GetValueOrDefault(requestId));

    public Task<StoredAnswer> SaveIfAbsentAsync(string requestId, StoredAnswer answer, TimeSpan keepFor, CancellationToken cancellationToken) =>
        Task.FromResult(_answers.GetOrAdd(requestId, answer));

    public Task<bool> TryBeginAsync(string requestId, string token, TimeSpan markFor, CancellationToken cancellationToken)
    {
        var now = Environment.TickCount64;
        var mark = (token, now + (long)markFor.TotalMilliseconds);
        while (true)
        {
            if (_inProgress.TryAdd(requestId, mark))
            {
                return Task.FromResult(true);
            }

            if (!_inProgress.TryGetValue(requestId, out var current))
            {
                continue;
            }

            if (current.ExpiresAtMs > now)
            {
                return Task.FromResult(false);
            }

            if (_inProgress.TryUpdate(requestId, mark, current))
            {
                return Task.FromResult(true);
            }
        }
    }

    public Task EndAsync(string requestId, string token, CancellationToken cancellationToken)
    {
        if (_inProgress.TryGetValue(requestId, out var current) && current.Token == token)
        {
            _inProgress.TryRemove(KeyValuePair.Create(requestId, current));
        }

        return Task.CompletedTask;
    }

    public Task<int> RecordHoldAttemptAsync(string requestId, IReadOnlyList<ReservationLine> lines, int ttlSeconds, TimeSpan keepFor, CancellationToken cancellationToken)
    {
        var attempt = _attempts.AddOrUpdate(requestId, _ => new HoldAttempt(1, lines, ttlSeconds), (_, last) => new HoldAttempt(last.Number + 1, lines, ttlSeconds));
        return Task.FromResult(attempt.Number);
    }

    public Task<HoldAttempt?> GetLastHoldAttemptAsync(string requestId, CancellationToken cancellationToken) =>
        Task.FromResult(_attempts.GetValueOrDefault(requestId));
}

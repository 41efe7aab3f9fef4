using System.Globalization;
using Sourcing.Service.Audit;

namespace Sourcing.Service.Storage.InMemory;

/// <summary>The embedded audit log: the newest <see cref="Kept"/> entries, gone when the process ends.</summary>
public sealed class InMemoryAuditLog : IAuditLog
{
    public const int Kept = 100_000;

    private readonly LinkedList<AuditEntry> _entries = new();
    private long _last;

    public Task AppendAsync(DateTimeOffset at, string subject, string method, string request, string outcome, CancellationToken cancellationToken)
    {
        lock (_entries)
        {
            _entries.AddFirst(new AuditEntry((++_last).ToString("D19", CultureInfo.InvariantCulture), at, subject, method, request, outcome));
            if (_entries.Count > Kept)
            {
                _entries.RemoveLast();
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AuditEntry>> ListAsync(string? beforePosition, int max, CancellationToken cancellationToken)
    {
        lock (_entries)
        {
            IReadOnlyList<AuditEntry> page = _entries
                .Where(e => beforePosition is null || string.CompareOrdinal(e.Position, beforePosition) < 0)
                .Take(max)
                .ToList();
            return Task.FromResult(page);
        }
    }
}

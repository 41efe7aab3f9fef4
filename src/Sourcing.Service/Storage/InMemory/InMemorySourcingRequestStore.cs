using System.Collections.Concurrent;
using Sourcing.Service.Sourcing;

namespace Sourcing.Service.Storage.InMemory;

/// <summary>Embedded: answers live until the process ends (no expiry; the embedded store is for one process and demos).</summary>
public sealed class InMemorySourcingRequestStore : ISourcingRequestStore
{
    private readonly ConcurrentDictionary<string, StoredAnswer> _answers = new(StringComparer.Ordinal);

    public Task<StoredAnswer?> GetAsync(string requestId, CancellationToken cancellationToken) =>
        Task.FromResult(_answers.GetValueOrDefault(requestId));

    public Task<StoredAnswer> SaveIfAbsentAsync(string requestId, StoredAnswer answer, TimeSpan keepFor, CancellationToken cancellationToken) =>
        Task.FromResult(_answers.GetOrAdd(requestId, answer));
}

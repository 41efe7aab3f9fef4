namespace Sourcing.Service.Replicas;

/// <summary>The heartbeats of all instances sharing the store.</summary>
public interface IInstanceRegistry
{
    /// <summary>How long after its last heartbeat an instance still counts as running.</summary>
    static readonly TimeSpan SeenWithin = TimeSpan.FromSeconds(30);

    Task BeatAsync(InstanceRecord record, CancellationToken cancellationToken);

    /// <summary>Every instance whose heartbeat is younger than <see cref="SeenWithin"/> at <paramref name="now"/>.</summary>
    Task<IReadOnlyList<InstanceRecord>> ListAsync(DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>The registry of the embedded mode: only this process.</summary>
public sealed class LocalInstanceRegistry : IInstanceRegistry
{
    private volatile InstanceRecord? _self;

    public Task BeatAsync(InstanceRecord record, CancellationToken cancellationToken)
    {
        _self = record;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<InstanceRecord>> ListAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<InstanceRecord>>(_self is { } self ? [self] : []);
}

namespace Sourcing.Service.Replicas;

/// <summary>What one instance tells every other: drop a cached snapshot, or reload the rules from the own folder.</summary>
public enum ReplicaSignal
{
    /// <summary>A location was upserted: the location snapshot is stale.</summary>
    LocationsChanged,

    /// <summary>ReloadRules was called on one instance: every instance re-reads its rules folder.</summary>
    ReloadRules,
}

/// <summary>
/// Signals between the instances that share one Redis. Delivery is best-effort (pub/sub keeps no message for an
/// instance that is disconnected), so whatever a signal refreshes also refreshes on its own after a while.
/// </summary>
public interface IReplicaBus
{
    /// <summary>Tells every other instance; a failure to reach the bus is the caller's to log, not to fail on.</summary>
    Task PublishAsync(ReplicaSignal signal);

    /// <summary>Raised for each signal from another instance (never for this instance's own).</summary>
    event Action<ReplicaSignal>? Received;
}

/// <summary>The bus of the embedded mode: there is no other instance to tell.</summary>
public sealed class LocalReplicaBus : IReplicaBus
{
    public Task PublishAsync(ReplicaSignal signal) => Task.CompletedTask;

    public event Action<ReplicaSignal>? Received
    {
        add { }
        remove { }
    }
}

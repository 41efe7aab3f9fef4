namespace Sourcing.Service.Replicas;

/// <summary>
/// The Redis keys and channel of replica coordination, under the configured <c>Redis:KeyPrefix</c>. Every command
/// touches exactly one of these keys, so they need no hash tag to work on a cluster.
/// </summary>
public sealed class ReplicaKeys(string prefix)
{
    /// <summary>One string per lease: the holder's token, with the lease's expiry as the key's.</summary>
    public string Lease(string name) => $"{prefix}replica:lease:{name}";

    /// <summary>One hash: a field per instance, its heartbeat record as JSON.</summary>
    public string Instances => $"{prefix}replica:instances";

    /// <summary>The pub/sub channel on which instances tell each other to drop caches or reload rules.</summary>
    public string Signals => $"{prefix}replica:signals";
}

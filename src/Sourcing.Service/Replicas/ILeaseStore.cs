namespace Sourcing.Service.Replicas;

/// <summary>
/// Exclusive, expiring leases on named work. A lease is held by whoever has its token until it expires or is
/// released; only the token's holder can renew or release it.
/// </summary>
public interface ILeaseStore
{
    /// <summary>Takes the lease for <paramref name="ttl"/> when nobody holds it; returns the token, or null when held by another.</summary>
    Task<string?> TryAcquireAsync(string name, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Extends the lease to <paramref name="ttl"/> from now if <paramref name="token"/> still holds it; false when lost.</summary>
    Task<bool> RenewAsync(string name, string token, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Gives the lease up if <paramref name="token"/> still holds it (another holder's lease is left alone).</summary>
    Task ReleaseAsync(string name, string token, CancellationToken cancellationToken);
}

namespace Sourcing.Service.Replicas;

/// <summary>
/// The lease store of the embedded (in-memory) mode: there is only this process, so every lease is granted and kept.
/// </summary>
public sealed class LocalLeaseStore : ILeaseStore
{
    public Task<string?> TryAcquireAsync(string name, TimeSpan ttl, CancellationToken cancellationToken) => Task.FromResult<string?>("local");

    public Task<bool> RenewAsync(string name, string token, TimeSpan ttl, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task ReleaseAsync(string name, string token, CancellationToken cancellationToken) => Task.CompletedTask;
}

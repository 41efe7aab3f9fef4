using Sourcing.Rules.Loading;

namespace Sourcing.Service.Replicas;

/// <summary>
/// Reloads this instance's rules from its own folder when ReloadRules was called on another instance (the same files
/// are deployed to every instance). The reload goes through <see cref="RuleSetHost.Reload"/>, so validation still
/// decides: a bad set never replaces a good one, and the outcome shows in this instance's heartbeat.
/// </summary>
public sealed class RulesReloadFollower(IReplicaBus bus, RuleSetHost rules) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        bus.Received += OnSignal;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        bus.Received -= OnSignal;
        return Task.CompletedTask;
    }

    private void OnSignal(ReplicaSignal signal)
    {
        if (signal == ReplicaSignal.ReloadRules)
        {
            // Compiling a rule set takes a while: not on the connection's message thread. Reload logs its outcome and
            // never throws for a bad set.
            _ = Task.Run(ReloadQuietly);
        }
    }

    private void ReloadQuietly()
    {
        try
        {
            rules.Reload();
        }
        catch (ObjectDisposedException)
        {
            // The instance is stopping.
        }
    }
}

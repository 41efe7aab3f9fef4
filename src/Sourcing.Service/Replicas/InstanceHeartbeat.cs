using Microsoft.Extensions.Options;
using Sourcing.Rules.Loading;

namespace Sourcing.Service.Replicas;

/// <summary>
/// Writes this instance's heartbeat every <see cref="ReplicaOptions.HeartbeatEvery"/> and at once after every rules
/// reload, so GetRulesVersion on any instance shows which rules version each one decides with.
/// </summary>
public sealed partial class InstanceHeartbeat(
    IInstanceRegistry registry, RuleSetHost rules, ReplicaIdentity identity, IOptions<ReplicaOptions> options, TimeProvider clock, ILogger<InstanceHeartbeat> logger)
    : BackgroundService
{
    private readonly SemaphoreSlim _beat = new(0, 1);
    private bool _failing;

    /// <summary>This instance's record as of now, from the live rule set (not from the last heartbeat).</summary>
    public InstanceRecord Current() =>
        new(identity.InstanceId, rules.Current.Version, rules.LastReload?.Applied, identity.StartedAt, clock.GetUtcNow());

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        rules.Reloaded += BeatSoon;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await BeatAsync(stoppingToken);
                try
                {
                    await _beat.WaitAsync(options.Value.HeartbeatEvery, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
            }
        }
        finally
        {
            rules.Reloaded -= BeatSoon;
        }
    }

    public override void Dispose()
    {
        _beat.Dispose();
        base.Dispose();
    }

    private void BeatSoon(ReloadResult result)
    {
        try
        {
            if (_beat.CurrentCount == 0)
            {
                _beat.Release();
            }
        }
        catch (Exception exception) when (exception is SemaphoreFullException or ObjectDisposedException)
        {
            // A beat is already due, or the instance is stopping: either way nothing more to ask for.
        }
    }

    private async Task BeatAsync(CancellationToken stoppingToken)
    {
        try
        {
            await registry.BeatAsync(Current(), stoppingToken);
            _failing = false;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            if (!_failing)
            {
                LogFailed(logger, exception.Message);
            }

            _failing = true;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The instance heartbeat could not be written ({Reason}); other instances stop listing this one after 30 s")]
    private static partial void LogFailed(ILogger logger, string reason);
}

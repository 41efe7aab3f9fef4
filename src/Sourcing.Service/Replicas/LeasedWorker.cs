using Microsoft.Extensions.Options;

namespace Sourcing.Service.Replicas;

/// <summary>
/// Runs a background worker that must run once across all replicas only while this instance holds the worker's lease.
/// It takes the lease (trying again every third of the lease's TTL while another instance holds it), starts the
/// worker, renews the lease every third of its TTL for as long as the worker runs, stops the worker as soon as a
/// renewal fails, and on shutdown stops the worker first and then releases the lease, so the next holder starts only
/// after this one's pass has ended. A renewal that fails because the store cannot be reached counts as lost: this
/// instance cannot know whether the lease expired meanwhile, and the worker could not reach the store either.
/// </summary>
public sealed partial class LeasedWorker(
    string leaseName, IHostedService worker, ILeaseStore leases, IOptions<ReplicaOptions> options, TimeProvider clock, ILogger<LeasedWorker> logger)
    : BackgroundService
{
    private readonly TimeSpan _ttl = options.Value.LeaseTtl;
    private int _holding;

    public string LeaseName => leaseName;

    /// <summary>The worker run under the lease (for tests).</summary>
    public IHostedService Worker => worker;

    /// <summary>True while this instance holds the lease and the worker runs.</summary>
    public bool IsHolding => Volatile.Read(ref _holding) == 1;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = _ttl / 3;
        var failedBefore = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            string? token;
            try
            {
                token = await leases.TryAcquireAsync(leaseName, _ttl, stoppingToken);
                failedBefore = false;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                if (!failedBefore)
                {
                    LogStoreDown(logger, leaseName, exception.Message);
                }

                failedBefore = true;
                token = null;
            }

            if (token is null)
            {
                await PauseAsync(every, stoppingToken);
                continue;
            }

            await HoldAsync(token, every, stoppingToken);
        }
    }

    public override void Dispose()
    {
        (worker as IDisposable)?.Dispose();
        base.Dispose();
    }

    private async Task HoldAsync(string token, TimeSpan every, CancellationToken stoppingToken)
    {
        LogTaken(logger, leaseName);
        Volatile.Write(ref _holding, 1);
        var lost = false;
        try
        {
            await worker.StartAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                await PauseAsync(every, stoppingToken);
                if (stoppingToken.IsCancellationRequested)
                {
                    break;
                }

                if (!await TryRenewAsync(token))
                {
                    lost = true;
                    break;
                }
            }
        }
        finally
        {
            Volatile.Write(ref _holding, 0);
            // The worker stops before the lease is released, so on a clean stop two instances never run it at once.
            // Stopping waits at most one TTL for the pass in flight: a worker that ignores cancellation longer than
            // that would be overlapped anyway once the lease expires.
            using (var patience = new CancellationTokenSource(_ttl, clock))
            {
                await worker.StopAsync(patience.Token);
            }

            if (lost)
            {
                LogLost(logger, leaseName);
            }
            else
            {
                await ReleaseAsync(token);
            }
        }
    }

    private async Task<bool> TryRenewAsync(string token)
    {
        try
        {
            // Not the stopping token: a renewal cut short by shutdown would read as a lost lease.
            return await leases.RenewAsync(leaseName, token, _ttl, CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogRenewFailed(logger, leaseName, exception.Message);
            return false;
        }
    }

    private async Task ReleaseAsync(string token)
    {
        try
        {
            await leases.ReleaseAsync(leaseName, token, CancellationToken.None);
            LogReleased(logger, leaseName);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Not released: another instance takes over when the lease expires, within one TTL.
            LogReleaseFailed(logger, leaseName, exception.Message);
        }
    }

    private async Task PauseAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, clock, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the caller's loop ends.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "This instance took the lease {Lease}; its work runs here")]
    private static partial void LogTaken(ILogger logger, string lease);

    [LoggerMessage(Level = LogLevel.Warning, Message = "This instance lost the lease {Lease}; its work stopped here and runs where the lease is now held")]
    private static partial void LogLost(ILogger logger, string lease);

    [LoggerMessage(Level = LogLevel.Information, Message = "This instance released the lease {Lease} on stop")]
    private static partial void LogReleased(ILogger logger, string lease);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the lease {Lease} failed ({Reason}); its work stops here until the lease is taken again")]
    private static partial void LogRenewFailed(ILogger logger, string lease, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Releasing the lease {Lease} failed ({Reason}); another instance takes it when it expires")]
    private static partial void LogReleaseFailed(ILogger logger, string lease, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The lease {Lease} could not be asked for ({Reason}); its work waits here until the store answers")]
    private static partial void LogStoreDown(ILogger logger, string lease, string reason);
}

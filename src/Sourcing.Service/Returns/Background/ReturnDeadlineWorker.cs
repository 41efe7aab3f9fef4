using Sourcing.Orders;
using Sourcing.Orders.Returns;

namespace Sourcing.Service.Returns.Background;

/// <summary>
/// Once a minute, the returns whose deadline passed: authorisations nothing was handed over for run out (their units
/// may be returned again), and goods sent or refunded ahead that did not come back by their due day are charged. A
/// batch at a time until none is due; a failed pass (a store down) is logged and the next minute tries again.
/// Runs on one replica at a time, under the lease "return-deadlines"; a pass of a holder whose lease lapsed may overlap
/// the next holder's: safe, because each return's deadline is decided in one transaction of the order store and a
/// return already decided (run out or charged) is no longer due for the other.
/// </summary>
public sealed partial class ReturnDeadlineWorker(ReturnService returns, TimeProvider clock, ILogger<ReturnDeadlineWorker> logger) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromMinutes(1);

    /// <summary>Returns decided per call: bounded so one pass cannot hold the store for long.</summary>
    public const int Batch = 100;

    /// <summary>Batches per pass: the rest waits a minute rather than keep the worker busy without end.</summary>
    private const int MaxBatchesPerPass = 50;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, clock);
        do
        {
            await RunPassAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One pass: batches until fewer than a full batch was due. Returns the returns decided.</summary>
    public async Task<int> RunPassAsync(CancellationToken stoppingToken)
    {
        var total = 0;
        try
        {
            for (var batch = 0; batch < MaxBatchesPerPass; batch++)
            {
                var decided = await returns.ProcessDeadlinesAsync(Batch, stoppingToken);
                total += decided;
                if (decided < Batch)
                {
                    break;
                }
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            if (exception is OrderStoreUnavailableException)
            {
                LogStoreDown(logger, exception.Message);
            }
            else
            {
                LogPassFailed(logger, exception);
            }
        }

        return total;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Return deadlines not processed, the order store is unavailable: {Reason}")]
    private static partial void LogStoreDown(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "A pass over return deadlines failed; the next one tries again")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}

using Microsoft.Extensions.Options;
using OpenTelemetry;
using Sourcing.Orders;
using Sourcing.Orders.Billing;
using Sourcing.Orders.Billing.Capture;
using Sourcing.Orders.Billing.Invoicing;

namespace Sourcing.Service.Telemetry;

/// <summary>
/// Reads, every <see cref="TelemetryOptions.LagSampleInterval"/>, how far each feed follower is behind: the age of the
/// oldest event of the kinds it handles after its checkpoint (0 when there is none). The value goes to the
/// <c>sourcing.outbox.lag</c> gauge, whose callback must not touch a database. A failed read (a store down) leaves the
/// last value; the follower's own log says why it is stuck.
/// </summary>
public sealed partial class OutboxLagSampler(
    IOrderStore orders, IBillingStore billing, TimeProvider clock, IOptions<TelemetryOptions> options, ILogger<OutboxLagSampler> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.LagSampleInterval, clock);
        do
        {
            try
            {
                await SampleAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogSampleFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One reading of every follower's lag.</summary>
    public async Task SampleAsync(CancellationToken cancellationToken)
    {
        // The sampler's own queries are not traced: a trace every few seconds of nothing a caller did is noise.
        using var quiet = SuppressInstrumentationScope.Begin();
        var now = clock.GetUtcNow();

        var invoicing = await billing.GetCheckpointAsync(ShipmentInvoicingFollower.CheckpointName, cancellationToken);
        var nextOrderEvent = await orders.ReadFeedAsync(invoicing, 1, ShipmentInvoicingFollower.Filter, cancellationToken);
        SourcingTelemetry.RecordFollowerLag(ShipmentInvoicingFollower.CheckpointName, nextOrderEvent.Count == 0 ? TimeSpan.Zero : now - nextOrderEvent[0].Event.OccurredAt);

        var holds = await billing.GetCheckpointAsync(PaymentHoldFollower.CheckpointName, cancellationToken);
        var nextBillingEvent = await billing.ReadFeedAsync(holds, 1, PaymentHoldFollower.Types, cancellationToken);
        SourcingTelemetry.RecordFollowerLag(PaymentHoldFollower.CheckpointName, nextBillingEvent.Count == 0 ? TimeSpan.Zero : now - nextBillingEvent[0].Event.OccurredAt);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the feed followers' lag; the gauge keeps its last value")]
    private static partial void LogSampleFailed(ILogger logger, Exception exception);
}

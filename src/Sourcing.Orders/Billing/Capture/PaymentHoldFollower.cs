using Microsoft.Extensions.Logging;

namespace Sourcing.Orders.Billing.Capture;

/// <summary>
/// Applies billing's verdicts to orders from the billing feed: a failed capture or expired authorisation holds the
/// order (PAYMENT_FAILED), a prepayment that arrived releases AWAITING_PREPAYMENT. Each is idempotent on the order,
/// and the checkpoint is saved only after the batch was applied, so a crash between billing's save and the order's
/// change converges on the next pass.
/// </summary>
public sealed class PaymentHoldFollower(IBillingStore billing, OrderLifecycle orders, ILogger<PaymentHoldFollower> logger)
{
    public const string CheckpointName = "order-payment-holds";
    public const int BatchSize = 200;

    public static readonly IReadOnlySet<string> Types = new HashSet<string>(StringComparer.Ordinal)
    {
        BillingEventTypes.CaptureFailed, BillingEventTypes.AuthorisationExpired, BillingEventTypes.PrepaymentReceived,
    };

    /// <summary>Applies one batch; returns how many events it read (0: caught up).</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var checkpoint = await billing.GetCheckpointAsync(CheckpointName, cancellationToken);
        var events = await billing.ReadFeedAsync(checkpoint, BatchSize, Types, cancellationToken);
        if (events.Count == 0)
        {
            return 0;
        }

        foreach (var stored in events)
        {
            var billingEvent = stored.Event;
            if (billingEvent.OrderId.Length == 0)
            {
                continue;
            }

            try
            {
                if (billingEvent.Type == BillingEventTypes.PrepaymentReceived)
                {
                    await orders.ReleasePaymentHoldAsync(billingEvent.OrderId, PaymentHolds.AwaitingPrepayment, "the prepayment arrived", OrderLifecycle.BillingActor, cancellationToken);
                }
                else
                {
                    await orders.PlacePaymentHoldAsync(billingEvent.OrderId, PaymentHolds.PaymentFailed, billingEvent.Detail, OrderLifecycle.BillingActor, cancellationToken);
                }
            }
            catch (OrderNotFoundException)
            {
                logger.LogWarning("Billing event {Position} names order {OrderId}, which does not exist; skipped", stored.Position, billingEvent.OrderId);
            }
        }

        await billing.SaveCheckpointAsync(CheckpointName, events[^1].Position, cancellationToken);
        return events.Count;
    }
}

using Microsoft.Extensions.Logging;

namespace Sourcing.Orders.Billing.Invoicing;

/// <summary>
/// Issues the invoices of confirmed shipments from the order feed, so every shipment gets its invoice even when the
/// call that confirmed it stopped before invoicing. The checkpoint is saved only after the orders read were invoiced:
/// after a crash the same events are read again, and issuing is idempotent per source key.
/// </summary>
public sealed class ShipmentInvoicingFollower(IOrderStore orders, IBillingStore billing, InvoicingService invoicing, ILogger<ShipmentInvoicingFollower> logger)
{
    public const string CheckpointName = "invoicing";
    public const int BatchSize = 200;

    /// <summary>A cancellation can leave an order with nothing left to ship: the per-order invoice is issued then.</summary>
    public static readonly FeedFilter Filter = new(null, new HashSet<string>(StringComparer.Ordinal) { OrderEventTypes.ShipmentConfirmed, OrderEventTypes.Cancelled });

    /// <summary>Handles one batch of the feed; returns how many events it read (0: caught up).</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var checkpoint = await billing.GetCheckpointAsync(CheckpointName, cancellationToken);
        var events = await orders.ReadFeedAsync(checkpoint, BatchSize, Filter, cancellationToken);
        if (events.Count == 0)
        {
            return 0;
        }

        foreach (var orderId in events.Select(e => e.OrderId).Distinct(StringComparer.Ordinal))
        {
            try
            {
                await invoicing.IssueForOrderAsync(orderId, cancellationToken);
            }
            catch (Exception exception) when (exception is OrderNotFoundException or InvalidOperationException or OverflowException or ArgumentException)
            {
                // An order that can never be invoiced as it is must not stop every order behind it; it is logged for finance.
                logger.LogError(exception, "Order {OrderId} could not be invoiced from the feed; skipped", orderId);
            }
        }

        await billing.SaveCheckpointAsync(CheckpointName, events[^1].Position, cancellationToken);
        return events.Count;
    }
}

using Microsoft.Extensions.Logging;

namespace Sourcing.Orders.Returns;

// Deadlines (a background worker) and reconciliation (the order reconciler): the service acting on its own.
public sealed partial class ReturnService
{
    /// <summary>
    /// Returns whose deadline passed, soonest first: an authorisation nothing was handed over for runs out (its units
    /// are returnable again); goods sent ahead (a replacement or exchange) or refunded ahead (instant refund, an
    /// agent) and not back by their due date are charged, once. Returns how many returns were looked at; one whose
    /// work fails is left for the next pass.
    /// </summary>
    public async Task<int> ProcessDeadlinesAsync(int max, CancellationToken cancellationToken)
    {
        var due = await orders.FindReturnsDueAsync(clock.GetUtcNow(), max, cancellationToken);
        foreach (var rma in due)
        {
            try
            {
                await StepAsync(rma.ReturnId, caller: null, (order, found, now) => Task.FromResult(ApplyDeadlines(order, found, now)), cancellationToken);
            }
            catch (Exception exception) when (exception is not (OperationCanceledException or OrderStoreUnavailableException or OrderOperationStoppedException))
            {
                logger.LogWarning(exception, "Deadline of return {ReturnId} failed; the next pass looks at it again", rma.ReturnId);
            }
        }

        return due.Count;
    }

    private bool ApplyDeadlines(Order order, ReturnAuthorisation rma, DateTimeOffset now)
    {
        if (!rma.IsOpen)
        {
            return false;
        }

        var changed = false;
        var expiring = rma.Status == ReturnStatus.Authorised && rma.ExpiresAt <= now;
        var overdue = rma.ReturnDueBy <= now && rma.Lines.Any(l => l.Outstanding > 0);
        if (rma.Charge is null && (overdue || expiring) && SentOrRefundedAhead(rma))
        {
            settlement.DecideCharge(order, rma, Order.SystemActor, now);
            changed = rma.Charge is not null;
        }

        if (expiring)
        {
            order.ExpireReturn(rma, now);
            changed = true;
        }

        return changed;
    }

    /// <summary>Goods went out before the return came back: a linked order sent ahead, or units refunded before they were received.</summary>
    private static bool SentOrRefundedAhead(ReturnAuthorisation rma) =>
        rma.LinkedOrder is { ShippedBeforeReturn: true } || rma.Lines.Any(l => l.Refunded > l.Received);

    /// <summary>
    /// Finishes the order's returns' work left between steps by a crash or an unreachable store: restocks not
    /// confirmed (each applied once, under its request id), refunds due for received units not decided yet (their
    /// invoice was not issued then), and the settlement's credit notes, linked orders and charges not carried out.
    /// </summary>
    public async Task ReconcileAsync(string orderId, CancellationToken cancellationToken)
    {
        var order = await orders.GetAsync(orderId, cancellationToken);
        if (order is null)
        {
            return;
        }

        foreach (var returnId in order.Document.Returns.Where(Order.ReturnWorkLeft).Select(r => r.Id).ToList())
        {
            await StepAsync(returnId, caller: null, async (fresh, rma, now) =>
            {
                if (!Order.RefundDue(rma) && !Order.ChargeCreditDue(rma))
                {
                    return false;
                }

                var before = (rma.Refunds.Count, rma.Lines.Sum(l => l.Refunded), fresh.NewEvents.Count);
                if (Order.RefundDue(rma))
                {
                    await DecideRefundAsync(fresh, rma, RefundTrigger.Receipt, l => l.Received - l.Refunded, Order.SystemActor, now, cancellationToken);
                }

                await settlement.DecideChargeCreditAsync(fresh, rma, Order.SystemActor, now, cancellationToken);
                return (rma.Refunds.Count, rma.Lines.Sum(l => l.Refunded), fresh.NewEvents.Count) != before;
            }, cancellationToken);
        }
    }
}

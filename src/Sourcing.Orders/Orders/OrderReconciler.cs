namespace Sourcing.Orders;

/// <summary>
/// One pass over orders left between steps for longer than a grace period (a crash, a lost
/// connection), over lapsed stock holds, finishing or undoing each. Safe to run at any time and on any instance: every
/// step it repeats is idempotent.
/// </summary>
public sealed class OrderReconciler(IOrderStore store, OrderLifecycle lifecycle, TimeProvider clock)
{
    /// <summary>Returns how many unfinished orders the pass looked at.</summary>
    public async Task<int> RunOnceAsync(TimeSpan reconcileAfter, int maxOrders, CancellationToken cancellationToken)
    {
        var ids = await store.FindUnfinishedAsync(clock.GetUtcNow() - reconcileAfter, maxOrders, cancellationToken);
        foreach (var id in ids)
        {
            await lifecycle.ReconcileAsync(id, cancellationToken);
        }

        await lifecycle.ResourceLapsedHoldsAsync(maxOrders, cancellationToken);

        // Reading the feed places its new events (the PostgreSQL store does so on read): without a watcher, orders'
        // histories would otherwise show position 0 for good.
        await store.LatestPositionAsync(cancellationToken);
        return ids.Count;
    }
}

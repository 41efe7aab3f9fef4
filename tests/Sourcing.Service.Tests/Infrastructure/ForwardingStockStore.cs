using Sourcing.Service.Inventory;

namespace Sourcing.Service.Tests.Infrastructure;

/// <summary>
/// Passes every call to the real store; the fault-injecting stores below override only the call they disturb, and
/// recognise SourceOrder's holds by the marker in their request id.
/// </summary>
internal abstract class ForwardingStockStore(IStockStore inner) : IStockStore
{
    protected IStockStore Inner => inner;

    protected static bool IsSourceOrderHold(ReserveCommand command) => command.RequestId.Contains("sourcing:", StringComparison.Ordinal);

    public virtual Task<ReserveOutcome> ReserveAsync(ReserveCommand command, DateTimeOffset now, CancellationToken cancellationToken) => inner.ReserveAsync(command, now, cancellationToken);
    public Task<SetStockResult> SetStockAsync(string sku, string locationId, long onHand, long sequence, DateTimeOffset now, CancellationToken cancellationToken) => inner.SetStockAsync(sku, locationId, onHand, sequence, now, cancellationToken);
    public Task<StockLevel> AdjustStockAsync(StockAdjustment adjustment, DateTimeOffset now, CancellationToken cancellationToken) => inner.AdjustStockAsync(adjustment, now, cancellationToken);
    public Task<StockLevel> SetSafetyStockAsync(string sku, string locationId, long safetyStock, DateTimeOffset now, CancellationToken cancellationToken) => inner.SetSafetyStockAsync(sku, locationId, safetyStock, now, cancellationToken);
    public Task<StockImportResult> ImportAsync(IReadOnlyList<StockImportRow> rows, DateTimeOffset now, CancellationToken cancellationToken) => inner.ImportAsync(rows, now, cancellationToken);
    public Task<IReadOnlyList<SkuStock>> GetStockAsync(IReadOnlyList<string> skus, CancellationToken cancellationToken) => inner.GetStockAsync(skus, cancellationToken);
    public Task<StockAndCapacity> GetStockAndCapacityAsync(IReadOnlyList<string> skus, IReadOnlyList<LocationDay> locations, CancellationToken cancellationToken) => inner.GetStockAndCapacityAsync(skus, locations, cancellationToken);
    public Task<Reservation> CommitAsync(string reservationId, DateTimeOffset now, Func<string, DateOnly> localDayOf, CancellationToken cancellationToken) => inner.CommitAsync(reservationId, now, localDayOf, cancellationToken);
    public Task<Reservation> ReleaseAsync(string reservationId, DateTimeOffset now, CancellationToken cancellationToken) => inner.ReleaseAsync(reservationId, now, cancellationToken);
    public Task<Reservation?> GetReservationAsync(string reservationId, CancellationToken cancellationToken) => inner.GetReservationAsync(reservationId, cancellationToken);
    public Task<ExpirySweep> ExpireDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) => inner.ExpireDueAsync(now, max, cancellationToken);
    public Task<IReadOnlyList<StockEvent>> ReadEventsAsync(string afterPosition, int max, CancellationToken cancellationToken) => inner.ReadEventsAsync(afterPosition, max, cancellationToken);
    public Task<string> LatestEventPositionAsync(CancellationToken cancellationToken) => inner.LatestEventPositionAsync(cancellationToken);
}

using Sourcing.Service.Inventory;

namespace Sourcing.Service.Tests.Infrastructure;

/// <summary>
/// Wraps the real store. SourceOrder's holds are made at once, but their reply takes <paramref name="replyDelay"/> to
/// arrive, while honouring the caller's cancellation: a call whose deadline passes in that gap has a hold and no answer
/// yet, deterministically.
/// </summary>
internal sealed class SlowReplyStockStore(IStockStore inner, TimeSpan replyDelay) : IStockStore
{
    private int _holds;

    /// <summary>How many SourceOrder holds were made.</summary>
    public int Holds => _holds;

    public async Task<ReserveOutcome> ReserveAsync(ReserveCommand command, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var outcome = await inner.ReserveAsync(command, now, CancellationToken.None);
        if (command.RequestId.StartsWith("sourcing:", StringComparison.Ordinal) && outcome.Succeeded)
        {
            Interlocked.Increment(ref _holds);
            await Task.Delay(replyDelay, cancellationToken);
        }

        return outcome;
    }

    public Task<SetStockResult> SetStockAsync(string sku, string locationId, long onHand, long sequence, DateTimeOffset now, CancellationToken cancellationToken) => inner.SetStockAsync(sku, locationId, onHand, sequence, now, cancellationToken);
    public Task<StockLevel> AdjustStockAsync(string sku, string locationId, long delta, string reason, DateTimeOffset now, CancellationToken cancellationToken) => inner.AdjustStockAsync(sku, locationId, delta, reason, now, cancellationToken);
    public Task<StockLevel> SetSafetyStockAsync(string sku, string locationId, long safetyStock, DateTimeOffset now, CancellationToken cancellationToken) => inner.SetSafetyStockAsync(sku, locationId, safetyStock, now, cancellationToken);
    public Task<StockImportResult> ImportAsync(IReadOnlyList<StockImportRow> rows, DateTimeOffset now, CancellationToken cancellationToken) => inner.ImportAsync(rows, now, cancellationToken);
    public Task<IReadOnlyList<SkuStock>> GetStockAsync(IReadOnlyList<string> skus, CancellationToken cancellationToken) => inner.GetStockAsync(skus, cancellationToken);
    public Task<Reservation> CommitAsync(string reservationId, DateTimeOffset now, CancellationToken cancellationToken) => inner.CommitAsync(reservationId, now, cancellationToken);
    public Task<Reservation> ReleaseAsync(string reservationId, DateTimeOffset now, CancellationToken cancellationToken) => inner.ReleaseAsync(reservationId, now, cancellationToken);
    public Task<Reservation?> GetReservationAsync(string reservationId, CancellationToken cancellationToken) => inner.GetReservationAsync(reservationId, cancellationToken);
    public Task<int> ExpireDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) => inner.ExpireDueAsync(now, max, cancellationToken);
    public Task<IReadOnlyList<StockEvent>> ReadEventsAsync(string afterPosition, int max, CancellationToken cancellationToken) => inner.ReadEventsAsync(afterPosition, max, cancellationToken);
    public Task<string> LatestEventPositionAsync(CancellationToken cancellationToken) => inner.LatestEventPositionAsync(cancellationToken);
}

using Sourcing.Service.Inventory;
using StackExchange.Redis;

namespace Sourcing.Service.Tests.Infrastructure;

/// <summary>
/// Wraps the real store. SourceOrder's first hold is made, then the call fails as if the connection dropped before the
/// reply arrived: the hold exists, and the call that made it never learns its id. That is what a lost connection, a
/// crash or a timeout between the hold and the stored answer leaves behind.
/// </summary>
internal sealed class HoldThenFailStockStore(IStockStore inner) : IStockStore
{
    private int _failed;

    /// <summary>The reservations made by holds whose reply was lost.</summary>
    public List<string> LostHolds { get; } = [];

    public async Task<ReserveOutcome> ReserveAsync(ReserveCommand command, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var outcome = await inner.ReserveAsync(command, now, cancellationToken);
        if (command.RequestId.StartsWith("sourcing:", StringComparison.Ordinal) && Interlocked.Exchange(ref _failed, 1) == 0)
        {
            LostHolds.Add(outcome.Reservation?.Id ?? throw new InvalidOperationException("the test's first hold should succeed"));
            throw new RedisTimeoutException(CommandFlags.None, "the reply of the hold was lost (test)", CommandStatus.Sent);
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

namespace Sourcing.Service.Inventory;

/// <summary>
/// Live stock, reservations and the stock event log. Every method that changes more than one value does so
/// atomically: callers never see half a reservation. Implementations: Redis (production) and in-memory
/// (the embedded default); both pass the same contract tests.
/// </summary>
/// <remarks>Input is validated before it reaches a store; stores enforce only what needs the current state.</remarks>
public interface IStockStore
{
    /// <summary>Sets on hand unless <paramref name="sequence"/> is not newer than the last one applied.</summary>
    Task<SetStockResult> SetStockAsync(string sku, string locationId, long onHand, long sequence, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Adds the delta to on hand; throws <see cref="StockWouldGoNegativeException"/> rather than go below zero and
    /// <see cref="StockLimitExceededException"/> rather than above the maximum. The request id is recorded in the same
    /// atomic step: a repeat with the same fingerprint changes nothing and returns the level the first one left; with
    /// another fingerprint it throws <see cref="Errors.IdempotencyConflictException"/>. A refusal changed nothing and is
    /// not recorded, so a retry is judged afresh.
    /// </summary>
    Task<StockLevel> AdjustStockAsync(StockAdjustment adjustment, DateTimeOffset now, CancellationToken cancellationToken);

    Task<StockLevel> SetSafetyStockAsync(string sku, string locationId, long safetyStock, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Applies validated rows of a full sync; each row obeys the same sequence rule as <see cref="SetStockAsync"/>.</summary>
    Task<StockImportResult> ImportAsync(IReadOnlyList<StockImportRow> rows, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Every location's stock of each SKU, in one round trip.</summary>
    Task<IReadOnlyList<SkuStock>> GetStockAsync(IReadOnlyList<string> skus, CancellationToken cancellationToken);

    /// <summary>
    /// Every location's stock of each SKU and the capacity each named location has used on its day, in one round trip.
    /// A location that committed nothing that day is absent from <see cref="StockAndCapacity.CapacityUsed"/>.
    /// </summary>
    Task<StockAndCapacity> GetStockAndCapacityAsync(IReadOnlyList<string> skus, IReadOnlyList<LocationDay> locations, CancellationToken cancellationToken);

    /// <summary>
    /// Holds every line or none. A repeat of <see cref="ReserveCommand.RequestId"/> with the same fingerprint returns the
    /// first outcome and holds nothing more; with another fingerprint it throws <see cref="Errors.IdempotencyConflictException"/>.
    /// </summary>
    Task<ReserveOutcome> ReserveAsync(ReserveCommand command, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Turns a held reservation into a deduction of on hand and, in the same atomic step, counts its units and one
    /// shipment per location against that location's capacity on the local day <paramref name="localDayOf"/> names.
    /// Committing twice is harmless (counted once); committing an expired or released one throws.
    /// </summary>
    Task<Reservation> CommitAsync(string reservationId, DateTimeOffset now, Func<string, DateOnly> localDayOf, CancellationToken cancellationToken);

    /// <summary>Gives held units back. Releasing twice is harmless; releasing a committed one throws.</summary>
    Task<Reservation> ReleaseAsync(string reservationId, DateTimeOffset now, CancellationToken cancellationToken);

    Task<Reservation?> GetReservationAsync(string reservationId, CancellationToken cancellationToken);

    /// <summary>
    /// Releases up to <paramref name="max"/> held reservations whose expiry has passed. A reservation whose record cannot
    /// be read is set aside and named in the result instead of failing the whole pass.
    /// </summary>
    Task<ExpirySweep> ExpireDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="max"/> events after <paramref name="afterPosition"/> ("0" for the oldest kept), oldest first.
    /// </summary>
    Task<IReadOnlyList<StockEvent>> ReadEventsAsync(string afterPosition, int max, CancellationToken cancellationToken);

    /// <summary>The position of the newest event, or "0" when there is none: watching from it yields only new events.</summary>
    Task<string> LatestEventPositionAsync(CancellationToken cancellationToken);
}

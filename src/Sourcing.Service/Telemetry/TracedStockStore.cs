using System.Diagnostics;
using Sourcing.Service.Errors;
using Sourcing.Service.Inventory;

namespace Sourcing.Service.Telemetry;

/// <summary>
/// Wraps whichever <see cref="IStockStore"/> is configured (Redis, a Redis cluster, in memory) with a span per stock read,
/// reservation, commit and release, and counts reservation outcomes. Its own spans rather than the Redis client's
/// command instrumentation: they name the operation and its outcome whatever the store, and cost one span per call
/// instead of one per Redis command plus the client's profiling sessions. The other methods pass straight through.
/// </summary>
public sealed class TracedStockStore(IStockStore inner) : IStockStore
{
    public IStockStore Inner => inner;

    public async Task<IReadOnlyList<SkuStock>> GetStockAsync(IReadOnlyList<string> skus, CancellationToken cancellationToken)
    {
        using var span = SourcingTelemetry.Source.StartActivity(SourcingTelemetry.Spans.StockRead);
        span?.SetTag(SourcingTelemetry.Tags.SkuCount, skus.Count);
        try
        {
            return await inner.GetStockAsync(skus, cancellationToken);
        }
        catch (Exception exception)
        {
            Fail(span, exception);
            throw;
        }
    }

    public async Task<StockAndCapacity> GetStockAndCapacityAsync(IReadOnlyList<string> skus, IReadOnlyList<LocationDay> locations, CancellationToken cancellationToken)
    {
        using var span = SourcingTelemetry.Source.StartActivity(SourcingTelemetry.Spans.StockRead);
        span?.SetTag(SourcingTelemetry.Tags.SkuCount, skus.Count);
        try
        {
            return await inner.GetStockAndCapacityAsync(skus, locations, cancellationToken);
        }
        catch (Exception exception)
        {
            Fail(span, exception);
            throw;
        }
    }

    public async Task<ReserveOutcome> ReserveAsync(ReserveCommand command, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var span = SourcingTelemetry.Source.StartActivity(SourcingTelemetry.Spans.Reserve);
        string outcomeName;
        try
        {
            var outcome = await inner.ReserveAsync(command, now, cancellationToken);
            outcomeName = outcome.Succeeded ? SourcingTelemetry.ReservationOutcomes.Held : SourcingTelemetry.ReservationOutcomes.Short;
            span?.SetTag(SourcingTelemetry.Tags.ReservationOutcome, outcomeName);
            SourcingTelemetry.ReservationAttempts.Add(1, new KeyValuePair<string, object?>(SourcingTelemetry.Tags.ReservationOutcome, outcomeName));
            return outcome;
        }
        catch (Exception exception)
        {
            outcomeName = exception switch
            {
                IdempotencyConflictException or ConcurrencyConflictException => SourcingTelemetry.ReservationOutcomes.Conflict,
                _ when StoreFaults.IsUnavailable(exception) => SourcingTelemetry.ReservationOutcomes.Unavailable,
                _ => SourcingTelemetry.ReservationOutcomes.Failed,
            };
            span?.SetTag(SourcingTelemetry.Tags.ReservationOutcome, outcomeName);
            SourcingTelemetry.ReservationAttempts.Add(1, new KeyValuePair<string, object?>(SourcingTelemetry.Tags.ReservationOutcome, outcomeName));
            Fail(span, exception);
            throw;
        }
    }

    public async Task<Reservation> CommitAsync(string reservationId, DateTimeOffset now, Func<string, DateOnly> localDayOf, CancellationToken cancellationToken)
    {
        using var span = SourcingTelemetry.Source.StartActivity(SourcingTelemetry.Spans.Commit);
        try
        {
            return await inner.CommitAsync(reservationId, now, localDayOf, cancellationToken);
        }
        catch (Exception exception)
        {
            Fail(span, exception);
            throw;
        }
    }

    public async Task<Reservation> ReleaseAsync(string reservationId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var span = SourcingTelemetry.Source.StartActivity(SourcingTelemetry.Spans.Release);
        try
        {
            return await inner.ReleaseAsync(reservationId, now, cancellationToken);
        }
        catch (Exception exception)
        {
            Fail(span, exception);
            throw;
        }
    }

    public Task<SetStockResult> SetStockAsync(string sku, string locationId, long onHand, long sequence, DateTimeOffset now, CancellationToken cancellationToken) =>
        inner.SetStockAsync(sku, locationId, onHand, sequence, now, cancellationToken);

    public Task<StockLevel> AdjustStockAsync(StockAdjustment adjustment, DateTimeOffset now, CancellationToken cancellationToken) =>
        inner.AdjustStockAsync(adjustment, now, cancellationToken);

    public Task<StockLevel> SetSafetyStockAsync(string sku, string locationId, long safetyStock, DateTimeOffset now, CancellationToken cancellationToken) =>
        inner.SetSafetyStockAsync(sku, locationId, safetyStock, now, cancellationToken);

    public Task<StockImportResult> ImportAsync(IReadOnlyList<StockImportRow> rows, DateTimeOffset now, CancellationToken cancellationToken) =>
        inner.ImportAsync(rows, now, cancellationToken);

    public Task<Reservation?> GetReservationAsync(string reservationId, CancellationToken cancellationToken) =>
        inner.GetReservationAsync(reservationId, cancellationToken);

    public Task<ExpirySweep> ExpireDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) =>
        inner.ExpireDueAsync(now, max, cancellationToken);

    public Task<IReadOnlyList<StockEvent>> ReadEventsAsync(string afterPosition, int max, CancellationToken cancellationToken) =>
        inner.ReadEventsAsync(afterPosition, max, cancellationToken);

    public Task<string> LatestEventPositionAsync(CancellationToken cancellationToken) =>
        inner.LatestEventPositionAsync(cancellationToken);

    /// <summary>Marks the span failed with the exception's type; the message may carry request data and stays out.</summary>
    private static void Fail(Activity? span, Exception exception)
    {
        span?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
        span?.SetTag("error.type", exception.GetType().FullName);
    }
}

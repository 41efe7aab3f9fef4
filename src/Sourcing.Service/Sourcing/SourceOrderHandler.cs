using System.Security.Cryptography;
using Google.Protobuf;
using Microsoft.Extensions.Options;
using Sourcing.Service.Errors;
using Sourcing.Service.Inventory;
using Sourcing.Service.Locations;
using Sourcing.Service.Security;
using Sourcing.Service.Telemetry;
using Proto = Sourcing.V1;

namespace Sourcing.Service.Sourcing;

/// <summary>
/// SourceOrder: validate, answer a repeated request id from the stored answer, run the pipeline, hold the stock
/// (re-solving with fresh stock while other orders take it first and the call's budget lasts), store and return the
/// answer. One call per request id works at a time; once a hold is attempted, the hold and the stored answer are
/// completed even if the caller gives up, so a retry is answered with the hold the first call made.
/// </summary>
public sealed class SourceOrderHandler(
    SourcingPipeline pipeline,
    StockLedger ledger,
    LocationCatalog locations,
    ISourcingRequestStore answers,
    SolveBudget budget,
    TimeProvider clock,
    IOptions<SourcingOptions> options)
{
    /// <summary>The same limit as every other request id of the API; the hold's own id is of fixed length whatever this is.</summary>
    public const int MaxRequestIdLength = StockLedger.MaxRequestIdLength;

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    private readonly SourcingOptions _options = options.Value;

    public async Task<Proto.SourceOrderResponse> HandleAsync(Proto.SourceOrderRequest request, DateTime callDeadlineUtc, CancellationToken cancellationToken)
    {
        SourcingTelemetry.TagCurrent(SourcingTelemetry.Tags.OrderId, request.OrderId);
        SourcingTelemetry.TagCurrent(SourcingTelemetry.Tags.RequestId, request.RequestId);
        var problems = new ProblemList();
        problems.RequestId("request_id", request.RequestId, MaxRequestIdLength);
        problems.InRange("reservation_ttl_seconds", request.ReservationTtlSeconds, 0, (long)StockLedger.MaxReservationTtl.TotalSeconds);
        var order = SourcingRequestReader.ReadOrder(problems, request.OrderId, request.Channel, request.Customer, request.Destination, request.Lines, request.PaymentMethod, request.FraudScore);
        var network = await locations.GetAllAsync(cancellationToken);
        var delivery = SourcingRequestReader.ReadDelivery(problems, "delivery", request.Delivery, network);
        problems.ThrowIfAny();

        var fingerprint = Fingerprint(request);
        if (await answers.GetAsync(Key(request), cancellationToken) is { } earlier)
        {
            return Replay(request.RequestId, fingerprint, earlier);
        }

        var token = Guid.NewGuid().ToString("N");
        if (await WaitForTurnAsync(Key(request), token, callDeadlineUtc, cancellationToken) is { } answeredMeanwhile)
        {
            return Replay(request.RequestId, fingerprint, answeredMeanwhile);
        }

        try
        {
            // A copy of this request may have finished between the first look and our turn.
            if (await answers.GetAsync(Key(request), cancellationToken) is { } answered)
            {
                return Replay(request.RequestId, fingerprint, answered);
            }

            if (request.Reserve)
            {
                await ReleaseUnansweredHoldAsync(request.Channel, Key(request));
            }

            return await SourceAsync(request, order, delivery, network, fingerprint, callDeadlineUtc, cancellationToken);
        }
        finally
        {
            await answers.EndAsync(Key(request), token, CancellationToken.None);
        }
    }

    /// <summary>
    /// Takes the request id's in-progress mark, waiting while a concurrent copy of the call holds it. Returns null when
    /// the mark is ours, or the answer the other copy stored meanwhile.
    /// </summary>
    private async Task<StoredAnswer?> WaitForTurnAsync(string requestId, string token, DateTime callDeadlineUtc, CancellationToken cancellationToken)
    {
        var giveUpAt = clock.GetUtcNow().UtcDateTime + _options.InProgressWait;
        giveUpAt = callDeadlineUtc < giveUpAt ? callDeadlineUtc : giveUpAt;
        while (true)
        {
            // Not cancellable: a mark set by Redis after we stopped waiting for the reply would block retries until it lapses.
            if (await answers.TryBeginAsync(requestId, token, _options.InProgressMarkTtl, CancellationToken.None))
            {
                return null;
            }

            if (await answers.GetAsync(requestId, cancellationToken) is { } answered)
            {
                return answered;
            }

            if (clock.GetUtcNow().UtcDateTime + PollInterval >= giveUpAt)
            {
                throw new ConcurrencyConflictException(
                    "A call with this request id is in progress; nothing was done by this one. Retry with the same request id.", "REQUEST_IN_PROGRESS");
            }

            await Task.Delay(PollInterval, clock, cancellationToken);
        }
    }

    private async Task<Proto.SourceOrderResponse> SourceAsync(
        Proto.SourceOrderRequest request, SourcingOrder order, DeliveryChoice delivery, IReadOnlyDictionary<string, Location> network,
        string fingerprint, DateTime callDeadlineUtc, CancellationToken cancellationToken)
    {
        var decision = pipeline.Decide(order, delivery, await pipeline.ReadAsync(order, network, cancellationToken), budget.For(callDeadlineUtc), request.Explain);
        Reservation? reservation = null;
        var resolvedAfterRace = false;
        for (var attempt = 1; request.Reserve && decision.HasAllocations; attempt++)
        {
            // From here the call is not cancellable: a hold the script made must be named by a stored answer.
            reservation = await TryHoldAsync(request, decision);
            if (reservation is not null)
            {
                break;
            }

            // Another order took the stock between our read and our hold (nothing is held): solve again on fresh stock
            // while the budget lasts. Each lost race means another order's hold went through, so this ends.
            resolvedAfterRace = true;
            if (attempt >= _options.MaxHoldAttempts || OutOfTime(callDeadlineUtc))
            {
                throw new ConcurrencyConflictException(
                    $"Stock moved {attempt} times while this order was being sourced; nothing is held. Retry the call with the same request id.");
            }

            decision = pipeline.Decide(order, delivery, await pipeline.ReadAsync(order, network, cancellationToken), budget.For(callDeadlineUtc), request.Explain);
        }

        var response = SourcingResponseWriter.SourceOrder(decision, reservation, request.Explain, resolvedAfterRace);
        var ours = new StoredAnswer(fingerprint, response.ToByteArray());
        StoredAnswer kept;
        try
        {
            kept = await answers.SaveIfAbsentAsync(Key(request), ours, _options.IdempotencyWindow, CancellationToken.None);
        }
        catch when (reservation is not null)
        {
            // The answer naming the hold could not be stored: give the stock back now if the store lets us; if not, the
            // retry finds the hold through its recorded attempt and releases it.
            await TryReleaseAsync(reservation.Id);
            throw;
        }

        if (reservation is not null && !ReferenceEquals(kept, ours))
        {
            // A copy of this request whose in-progress mark had lapsed answered first: its answer (and hold) stands.
            await ledger.ReleaseAsync(reservation.Id, CancellationToken.None);
        }

        return Replay(request.RequestId, fingerprint, kept);
    }

    /// <summary>
    /// Records the attempt, then holds the plan's units under the inventory request id of that attempt. A new id per
    /// attempt: the inventory replays an id's first outcome, and a short one must not be replayed to the re-solved plan.
    /// Returns null when the stock fell short.
    /// </summary>
    private async Task<Reservation?> TryHoldAsync(Proto.SourceOrderRequest request, SourcingDecision decision)
    {
        var lines = ReservationLines(decision);
        var attempt = await answers.RecordHoldAttemptAsync(Key(request), lines, request.ReservationTtlSeconds, _options.IdempotencyWindow, CancellationToken.None);
        try
        {
            return await ledger.ReserveAsync(HoldRequestId(request.Channel, Key(request), attempt), lines, request.ReservationTtlSeconds, CancellationToken.None);
        }
        catch (InsufficientStockException)
        {
            return null;
        }
    }

    /// <summary>
    /// A call that ended between its hold and its stored answer (a crash, a lost connection) left a hold nobody was told
    /// of. Replaying its last recorded attempt makes the inventory name it (or hold it now, if the first never ran) and
    /// it is released before this request is sourced again.
    /// </summary>
    private async Task ReleaseUnansweredHoldAsync(string channel, string requestId)
    {
        if (await answers.GetLastHoldAttemptAsync(requestId, CancellationToken.None) is not { } last)
        {
            return;
        }

        Reservation replayed;
        try
        {
            replayed = await ledger.ReserveAsync(HoldRequestId(channel, requestId, last.Number), last.Lines, last.TtlSeconds, CancellationToken.None);
        }
        catch (InsufficientStockException)
        {
            return; // That attempt held nothing.
        }
        catch (RequestValidationException)
        {
            return; // A location of it has since been deactivated: the hold, if any, lapses at its TTL.
        }

        if (replayed.Status == ReservationStatus.Held)
        {
            await ledger.ReleaseAsync(replayed.Id, CancellationToken.None);
        }
    }

    private async Task TryReleaseAsync(string reservationId)
    {
        try
        {
            await ledger.ReleaseAsync(reservationId, CancellationToken.None);
        }
        catch (Exception)
        {
            // The original failure is the one the caller needs; the recorded attempt covers this hold.
        }
    }

    private bool OutOfTime(DateTime callDeadlineUtc) =>
        callDeadlineUtc != DateTime.MaxValue && clock.GetUtcNow().UtcDateTime + _options.DeadlineReserve >= callDeadlineUtc;

    private static List<ReservationLine> ReservationLines(SourcingDecision decision) =>
        // Two lines of one SKU from one location are one reservation line.
        decision.Lines
            .SelectMany(l => l.Allocations.Select(a => (l.Line.Sku, a.LocationId, a.Quantity)))
            .GroupBy(x => (x.Sku, x.LocationId))
            .Select(g => new ReservationLine(g.Key.Sku, g.Key.LocationId, g.Sum(x => (long)x.Quantity)))
            .ToList();

    /// <summary>
    /// The inventory request id of a hold attempt: derived from the SourceOrder request id and the attempt number only,
    /// so a later call can find it. The request id enters as 32 hex digits (SHA-256), keeping the id of fixed length
    /// within the inventory's limit whatever the caller's id is.
    /// </summary>
    /// <remarks>It starts with the order's channel, which owns the reservation (see <see cref="ReservationOwnership"/>).</remarks>
    private static string HoldRequestId(string channel, string requestId, int attempt) =>
        ReservationOwnership.StoredRequestId(channel, $"{InventoryGrpcService.SourceOrderHoldMarker}{RequestIdDigest.Of(requestId)}:{attempt}");

    /// <summary>
    /// Where the request id's answer, turn and hold attempts are kept: per channel, so two channels' request ids never
    /// meet (the channel has been checked against the caller's token by then).
    /// </summary>
    private static string Key(Proto.SourceOrderRequest request) => ReservationOwnership.StoredRequestId(request.Channel, request.RequestId);

    private static Proto.SourceOrderResponse Replay(string requestId, string fingerprint, StoredAnswer answer) =>
        answer.Fingerprint == fingerprint
            ? Proto.SourceOrderResponse.Parser.ParseFrom(answer.Response)
            : throw new IdempotencyConflictException(requestId);

    /// <summary>Everything of the request but its id: the same order under the same id is a repeat.</summary>
    private static string Fingerprint(Proto.SourceOrderRequest request)
    {
        var withoutId = request.Clone();
        withoutId.RequestId = "";
        return Convert.ToHexString(SHA256.HashData(withoutId.ToByteArray()));
    }
}

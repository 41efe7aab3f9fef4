using System.Security.Cryptography;
using Google.Protobuf;
using Microsoft.Extensions.Options;
using Sourcing.Service.Errors;
using Sourcing.Service.Inventory;
using Sourcing.Service.Locations;
using Proto = Sourcing.V1;

namespace Sourcing.Service.Sourcing;

/// <summary>
/// SourceOrder: validate, answer a repeated request id from the stored answer, run the pipeline, hold the stock
/// (re-solving once with fresh stock if another order took it first), store and return the answer.
/// </summary>
public sealed class SourceOrderHandler(
    SourcingPipeline pipeline,
    StockLedger ledger,
    LocationCatalog locations,
    ISourcingRequestStore answers,
    SolveBudget budget,
    IOptions<SourcingOptions> options)
{
    /// <summary>The same limit as every other request id of the API; the hold's own id is of fixed length whatever this is.</summary>
    public const int MaxRequestIdLength = StockLedger.MaxRequestIdLength;

    public async Task<Proto.SourceOrderResponse> HandleAsync(Proto.SourceOrderRequest request, DateTime callDeadlineUtc, CancellationToken cancellationToken)
    {
        var problems = new ProblemList();
        problems.RequestId("request_id", request.RequestId, MaxRequestIdLength);

        problems.InRange("reservation_ttl_seconds", request.ReservationTtlSeconds, 0, (long)StockLedger.MaxReservationTtl.TotalSeconds);
        var order = SourcingRequestReader.ReadOrder(problems, request.OrderId, request.Channel, request.Customer, request.Destination, request.Lines, request.PaymentMethod, request.FraudScore);
        var network = await locations.GetAllAsync(cancellationToken);
        var delivery = SourcingRequestReader.ReadDelivery(problems, "delivery", request.Delivery, network);
        problems.ThrowIfAny();

        var fingerprint = Fingerprint(request);
        if (await answers.GetAsync(request.RequestId, cancellationToken) is { } earlier)
        {
            return Replay(request.RequestId, fingerprint, earlier);
        }

        var decision = pipeline.Decide(order, delivery, await pipeline.ReadAsync(order, network, cancellationToken), budget.For(callDeadlineUtc), request.Explain);
        Reservation? reservation = null;
        var resolvedAfterRace = false;
        if (request.Reserve && decision.HasAllocations)
        {
            try
            {
                reservation = await HoldAsync(request, decision, cancellationToken);
            }
            catch (InsufficientStockException)
            {
                // Another order took the stock between our read and our hold: solve once more on fresh stock.
                resolvedAfterRace = true;
                decision = pipeline.Decide(order, delivery, await pipeline.ReadAsync(order, network, cancellationToken), budget.For(callDeadlineUtc), request.Explain);
                try
                {
                    reservation = decision.HasAllocations ? await HoldAsync(request, decision, cancellationToken) : null;
                }
                catch (InsufficientStockException)
                {
                    throw new ConcurrencyConflictException("Stock moved twice while this order was being sourced; nothing is held. Retry the call with the same request id.");
                }
            }
        }

        var response = SourcingResponseWriter.SourceOrder(decision, reservation, request.Explain, resolvedAfterRace);
        var ours = new StoredAnswer(fingerprint, response.ToByteArray());
        var kept = await answers.SaveIfAbsentAsync(request.RequestId, ours, options.Value.IdempotencyWindow, cancellationToken);
        if (reservation is not null && !ReferenceEquals(kept, ours))
        {
            // A concurrent copy of this request answered first: its answer (and its hold) stands, ours is given back.
            await ledger.ReleaseAsync(reservation.Id, cancellationToken);
        }

        return Replay(request.RequestId, fingerprint, kept);
    }

    /// <summary>
    /// Holds the plan's units under an inventory request id of its own: a hold that lost a race must not be replayed
    /// when the caller retries, and two concurrent copies of one request settle on the answer stored first (the
    /// other's hold is released). A crash between the hold and storing the answer leaves a hold that expires at its TTL.
    /// </summary>
    private Task<Reservation> HoldAsync(Proto.SourceOrderRequest request, SourcingDecision decision, CancellationToken cancellationToken) =>
        ReserveAsync($"sourcing:{RequestKey(request.RequestId)}:{Guid.NewGuid():N}", decision, request.ReservationTtlSeconds, cancellationToken);

    /// <summary>
    /// The SourceOrder request id as 32 hex digits (SHA-256): the hold's inventory request id has the same limit as the
    /// caller's, so it cannot embed a caller's id of full length and more.
    /// </summary>
    private static string RequestKey(string requestId) =>
        Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(requestId)))[..32];

    private async Task<Reservation> ReserveAsync(string requestId, SourcingDecision decision, int ttlSeconds, CancellationToken cancellationToken)
    {
        // Two lines of one SKU from one location are one reservation line.
        var lines = decision.Lines
            .SelectMany(l => l.Allocations.Select(a => (l.Line.Sku, a.LocationId, a.Quantity)))
            .GroupBy(x => (x.Sku, x.LocationId))
            .Select(g => new ReservationLine(g.Key.Sku, g.Key.LocationId, g.Sum(x => (long)x.Quantity)))
            .ToList();
        return await ledger.ReserveAsync(requestId, lines, ttlSeconds, cancellationToken);
    }

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

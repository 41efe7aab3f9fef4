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
    public const int MaxRequestIdLength = 100;

    public async Task<Proto.SourceOrderResponse> HandleAsync(Proto.SourceOrderRequest request, DateTime callDeadlineUtc, CancellationToken cancellationToken)
    {
        var problems = new ProblemList();
        if (string.IsNullOrWhiteSpace(request.RequestId) || request.RequestId.Length > MaxRequestIdLength)
        {
            problems.Add("request_id", $"is required, at most {MaxRequestIdLength} characters");
        }

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

        var decision = pipeline.Decide(order, delivery, await pipeline.ReadAsync(order, cancellationToken), budget.For(callDeadlineUtc), request.Explain);
        Reservation? reservation = null;
        var resolvedAfterRace = false;
        if (request.Reserve && decision.HasAllocations)
        {
            try
            {
                reservation = await ReserveAsync("sourcing:" + request.RequestId, decision, request.ReservationTtlSeconds, cancellationToken);
            }
            catch (InsufficientStockException)
            {
                // Another order took the stock between our read and our hold: solve once more on fresh stock.
                resolvedAfterRace = true;
                decision = pipeline.Decide(order, delivery, await pipeline.ReadAsync(order, cancellationToken), budget.For(callDeadlineUtc), request.Explain);
                try
                {
                    reservation = decision.HasAllocations
                        ? await ReserveAsync("sourcing:" + request.RequestId + ":resolved", decision, request.ReservationTtlSeconds, cancellationToken)
                        : null;
                }
                catch (InsufficientStockException)
                {
                    throw new ConcurrencyConflictException("Stock moved twice while this order was being sourced; nothing is held. Retry the call with the same request id.");
                }
            }

            if (reservation is not null && !Matches(reservation, decision))
            {
                // A concurrent copy of this request held first, for its own plan: its answer is the answer.
                return await WaitForEarlierAnswerAsync(request.RequestId, fingerprint, cancellationToken);
            }
        }

        var response = SourcingResponseWriter.SourceOrder(decision, reservation, request.Explain, resolvedAfterRace);
        var kept = await answers.SaveIfAbsentAsync(request.RequestId, new StoredAnswer(fingerprint, response.ToByteArray()), options.Value.IdempotencyWindow, cancellationToken);
        return Replay(request.RequestId, fingerprint, kept);
    }

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

    private static bool Matches(Reservation reservation, SourcingDecision decision)
    {
        var planned = decision.Lines.SelectMany(l => l.Allocations.Select(a => (l.Line.Sku, a.LocationId, (long)a.Quantity)))
            .GroupBy(x => (x.Sku, x.LocationId)).Select(g => (g.Key.Sku, g.Key.LocationId, g.Sum(x => x.Item3))).Order().ToList();
        return planned.SequenceEqual(reservation.Lines.Select(l => (l.Sku, l.LocationId, l.Quantity)).Order());
    }

    private async Task<Proto.SourceOrderResponse> WaitForEarlierAnswerAsync(string requestId, string fingerprint, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 40; attempt++)
        {
            if (await answers.GetAsync(requestId, cancellationToken) is { } earlier)
            {
                return Replay(requestId, fingerprint, earlier);
            }

            await Task.Delay(25, cancellationToken);
        }

        throw new ConcurrencyConflictException("A concurrent copy of this request is still being answered; retry with the same request id.");
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

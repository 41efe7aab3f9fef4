using System.Globalization;
using Microsoft.Extensions.Options;
using Sourcing.Orders;
using Sourcing.Service.Errors;
using Sourcing.Service.Inventory;
using Sourcing.Service.Locations;
using Sourcing.Service.Security;
using Sourcing.Service.Sourcing;

namespace Sourcing.Service.Orders;

/// <summary>
/// The order lifecycle's way into sourcing and the inventory: an order becomes the pipeline's <see cref="SourcingOrder"/>
/// (rules, then the optimizer, over one read of the stock), and its holds are reservations of the stock ledger owned by
/// the order's channel.
/// </summary>
public sealed partial class OrderSourcingGateway(
    SourcingPipeline pipeline,
    LocationCatalog locations,
    StockLedger ledger,
    SolveBudget budget,
    IOptions<OrdersOptions> options,
    ILogger<OrderSourcingGateway> logger) : IOrderSourcing
{
    /// <summary>The most explanation lines kept with a decision: enough to say why, bounded for an order of 500 lines.</summary>
    public const int MaxExplanation = 40;

    /// <summary>Order holds live behind the marker a caller's own Reserve may not use, so no channel can plant or adopt one.</summary>
    private const string HoldMarker = InventoryGrpcService.OrderHoldMarker;

    public async Task<SourcingProposal> ProposeAsync(OrderDocument order, IReadOnlyList<(OrderLine Line, int Quantity)> units, CancellationToken cancellationToken)
    {
        var destination = OrderDestination.Locate(order.Latitude, order.Longitude, order.ShippingAddress.Country, order.ShippingAddress.PostalCode)
            ?? throw new InvalidOperationException($"Order '{order.OrderId}' has neither coordinates nor a postal code the service can locate.");
        var lines = units.Select(u => new SourcingLine(u.Line.LineId, u.Line.Sku, u.Quantity, u.Line.WeightGrams, u.Line.Category, u.Line.Hazardous, u.Line.UnitPriceMinor, u.Line.KitId)).ToList();
        var sourcingOrder = new SourcingOrder(
            order.OrderId,
            order.Channel,
            new CustomerProfile(order.Customer.Id, order.Customer.Segment, order.Customer.Vip),
            destination,
            order.ShippingAddress.Country,
            lines,
            order.PaymentMethod,
            order.FraudScore,
            order.Currency);
        var delivery = new DeliveryChoice("", OrderMapping.DeliveryMethodFromName(order.DeliveryMethod), order.PickupLocationId.Length == 0 ? null : order.PickupLocationId);
        var excluded = units.Select(u => (IReadOnlySet<string>)u.Line.ExcludedLocations.ToHashSet(StringComparer.Ordinal)).ToList();

        var network = await locations.GetAllAsync(cancellationToken);
        var snapshot = await pipeline.ReadAsync(sourcingOrder, network, cancellationToken);
        var decision = pipeline.Decide(sourcingOrder, delivery, snapshot, budget.For(DateTime.MaxValue), explain: true, excludedLocations: excluded);

        // The rule set's payment rules decided with the rest, over the customer's receivables: their holds (a credit
        // check, a payment method the customer is not offered) carry the payment category, so only finance releases them.
        var holds = decision.Directives.Holds.Select(h => new HoldDirective(h.Code, h.Rule, h.Reason, h.Category)).ToList();
        return new SourcingProposal(holds, Record(decision));
    }

    /// <summary>
    /// The plan as the order keeps it. A plan the optimizer could not make (infeasible without backorders, or none
    /// found in time) allocates and backorders nothing: the units stay open and are tried again later.
    /// </summary>
    private static SourcingRecord Record(SourcingDecision decision)
    {
        var plan = decision.Plan;
        var record = new SourcingRecord
        {
            RulesVersion = decision.Directives.RulesVersion,
            SolverStatus = plan.Status.ToString(),
            SolverMethod = plan.Method,
            TotalCostMinor = plan.HasPlan ? plan.Cost.Total : 0,
            Explanation = Explain(decision),
        };
        if (!plan.HasPlan)
        {
            return record;
        }

        foreach (var line in decision.Lines)
        {
            record.Allocations.AddRange(line.Allocations.Select(a => new PlannedUnits { LineId = line.Line.LineId, LocationId = a.LocationId, Quantity = a.Quantity }));
            if (line.Backordered > 0)
            {
                record.Backordered.Add(new PlannedUnits { LineId = line.Line.LineId, Quantity = line.Backordered });
            }
        }

        return record;
    }

    /// <summary>The order-level rule decisions, then per line what was chosen and what was excluded and why; at most <see cref="MaxExplanation"/> strings.</summary>
    private static List<string> Explain(SourcingDecision decision)
    {
        var explanation = new List<string>();
        explanation.AddRange(decision.Directives.Trace.Where(t => t.LineIndex is null).Select(t => $"{t.Rule}: {t.Effect}"));
        foreach (var line in decision.Lines)
        {
            foreach (var candidate in line.Candidates)
            {
                var text = candidate.Status switch
                {
                    CandidateStatus.Chosen => $"line {line.Line.LineId}: {candidate.QuantityChosen} from {candidate.LocationId} ({candidate.LocationType}, {candidate.DistanceKm.ToString(CultureInfo.InvariantCulture)} km): {candidate.Reason}",
                    CandidateStatus.Excluded => $"line {line.Line.LineId}: {candidate.LocationId} excluded by {candidate.Rule}: {candidate.Reason}",
                    CandidateStatus.NotEligible => $"line {line.Line.LineId}: {candidate.LocationId} not eligible: {candidate.Reason}",
                    _ => null,
                };
                if (text is not null)
                {
                    explanation.Add(text);
                }
            }

            if (line.Backordered > 0)
            {
                explanation.Add($"line {line.Line.LineId}: {line.Backordered} backordered");
            }
        }

        if (explanation.Count > MaxExplanation)
        {
            var left = explanation.Count - (MaxExplanation - 1);
            explanation = [.. explanation.Take(MaxExplanation - 1), $"... and {left} more"];
        }

        return explanation;
    }

    public async Task<HeldStock?> HoldAsync(string channel, string holdRequestId, string sku, string locationId, int quantity, CancellationToken cancellationToken)
    {
        var ttlSeconds = (int)options.Value.HoldTtl.TotalSeconds;
        Reservation reservation;
        try
        {
            reservation = await ledger.ReserveAsync(StoredHoldRequestId(channel, holdRequestId), [new ReservationLine(sku, locationId, quantity)], ttlSeconds, cancellationToken);
        }
        catch (InsufficientStockException)
        {
            return null;
        }
        catch (RequestValidationException invalid)
        {
            // The location was deactivated since the plan was made: it holds nothing now, like a location out of stock.
            LogHoldRefused(logger, invalid, holdRequestId, locationId);
            return null;
        }

        // A replayed request id answers with its first reservation, which may since have been released or lapsed.
        return reservation.Status == ReservationStatus.Held ? new HeldStock(reservation.Id, reservation.ExpiresAt) : null;
    }

    public async Task ReleaseAsync(string reservationId, CancellationToken cancellationToken)
    {
        try
        {
            await ledger.ReleaseAsync(reservationId, cancellationToken);
        }
        catch (Exception exception) when (exception is NotFoundException or ReservationStateException)
        {
            // Released, lapsed, committed or gone: no units are held by it any more, which is what a release wants.
            LogReleaseIgnored(logger, reservationId, exception.Message);
        }
    }

    /// <summary>
    /// Commits the hold. When it lapsed (or was released) before the shipment was confirmed, the units have still left
    /// the building: they are taken off on hand by an adjustment keyed by the reservation, so a repeat takes them once.
    /// </summary>
    public async Task CommitAsync(string reservationId, CancellationToken cancellationToken)
    {
        try
        {
            await ledger.CommitAsync(reservationId, cancellationToken);
        }
        catch (ReservationStateException lapsed) when (lapsed.Status is ReservationStatus.Expired or ReservationStatus.Released)
        {
            var reservation = await ledger.GetReservationAsync(reservationId, cancellationToken);
            foreach (var line in reservation.Lines)
            {
                var requestId = "order-shipped:" + RequestIdDigest.Of($"{reservationId}|{line.Sku}|{line.LocationId}");
                try
                {
                    await ledger.AdjustStockAsync(requestId, line.Sku, line.LocationId, -line.Quantity, "shipped after its order hold lapsed", cancellationToken);
                }
                catch (StockWouldGoNegativeException beyondOnHand)
                {
                    // On hand already says fewer units than left: the next count corrects it; the shipment stands.
                    LogShippedBeyondOnHand(logger, beyondOnHand, reservationId);
                }
            }
        }
        catch (ReservationStateException committed) when (committed.Status == ReservationStatus.Committed)
        {
            // Committed already: committing twice is harmless.
        }
    }

    public async Task<bool> IsHeldAsync(string reservationId, CancellationToken cancellationToken)
    {
        try
        {
            return (await ledger.GetReservationAsync(reservationId, cancellationToken)).Status == ReservationStatus.Held;
        }
        catch (NotFoundException)
        {
            return false;
        }
    }

    /// <summary>
    /// The inventory request id of an order's hold: owned by the order's channel, behind the service's own marker, with
    /// the order's hold request id as 32 hex digits of its SHA-256 so it fits the inventory's limit whatever its length.
    /// </summary>
    internal static string StoredHoldRequestId(string channel, string holdRequestId) =>
        ReservationOwnership.StoredRequestId(channel, HoldMarker + RequestIdDigest.Of(holdRequestId));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hold {HoldRequestId} at {LocationId} was refused; the units are sourced elsewhere")]
    private static partial void LogHoldRefused(ILogger logger, Exception exception, string holdRequestId, string locationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Units of lapsed reservation {ReservationId} shipped beyond on hand")]
    private static partial void LogShippedBeyondOnHand(ILogger logger, Exception exception, string reservationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Release of reservation {ReservationId} changed nothing: {Why}")]
    private static partial void LogReleaseIgnored(ILogger logger, string reservationId, string why);
}

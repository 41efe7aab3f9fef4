using Google.Protobuf.WellKnownTypes;
using Sourcing.Optimizer.Model;
using Sourcing.Service.Inventory;
using Proto = Sourcing.V1;

namespace Sourcing.Service.Sourcing;

/// <summary>Domain decisions to response messages; nothing else.</summary>
internal static class SourcingResponseWriter
{
    private const string DateFormat = "yyyy-MM-dd";

    public static Proto.SourceOrderResponse SourceOrder(SourcingDecision decision, Reservation? reservation, bool explain, bool resolvedAfterRace)
    {
        var currency = decision.Order.Currency;
        var response = new Proto.SourceOrderResponse
        {
            OrderId = decision.Order.OrderId,
            RulesVersion = decision.Directives.RulesVersion,
            Solver = Solver(decision.Plan),
            Cost = new Proto.CostBreakdown
            {
                Units = Money(currency, decision.Plan.Cost.Units),
                Shipments = Money(currency, decision.Plan.Cost.Shipments),
                BackorderPenalties = Money(currency, decision.Plan.Cost.Backorders),
                Total = Money(currency, decision.Plan.Cost.Total),
            },
            ResolvedAfterRace = resolvedAfterRace,
        };
        foreach (var shipment in decision.Shipments)
        {
            var message = new Proto.Shipment { LocationId = shipment.LocationId, ShipmentCost = Money(currency, shipment.Cost), EarliestDeliveryDate = Date(shipment.EarliestDelivery) };
            message.Lines.AddRange(shipment.Lines.Select(l => new Proto.ShipmentLine { LineId = l.Line.LineId, Sku = l.Line.Sku, Quantity = l.Quantity }));
            response.Shipments.Add(message);
        }

        foreach (var line in decision.Lines)
        {
            var message = new Proto.LineResult { LineId = line.Line.LineId, Backordered = line.Backordered };
            message.Allocations.AddRange(line.Allocations.Select(a => new Proto.Allocation { LocationId = a.LocationId, Quantity = a.Quantity, UnitCost = Money(currency, a.UnitCost) }));
            response.Lines.Add(message);
            if (explain)
            {
                var explanation = new Proto.LineExplanation
                {
                    LineId = line.Line.LineId,
                    Truncated = line.Omitted.Any,
                    OmittedEligible = line.Omitted.Eligible,
                    OmittedNotEligible = line.Omitted.NotEligible,
                };
                explanation.Candidates.AddRange(line.Candidates.Select(c => Candidate(currency, c)));
                response.Explanation.Add(explanation);
            }
        }

        if (reservation is not null)
        {
            response.ReservationId = reservation.Id;
            response.ReservationExpiresAt = Timestamp.FromDateTimeOffset(reservation.ExpiresAt);
        }

        response.Holds.AddRange(decision.Directives.Holds.Select(h => new Proto.OrderHold { Code = h.Code, Rule = h.Rule, Reason = h.Reason }));
        response.OrderTrace.AddRange(decision.Directives.Trace.Where(t => t.LineIndex is null && t.LocationId is null).Select(t => $"{t.Rule}: {t.Effect}"));
        return response;
    }

    public static Proto.OptionPromise Promise(Proto.DeliveryOption option, SourcingDecision decision)
    {
        var fulfillable = decision.Plan.HasPlan && decision.BackorderedUnits == 0;
        var promise = new Proto.OptionPromise
        {
            Option = option,
            Fulfillable = fulfillable,
            Shipments = decision.Shipments.Count,
            EarliestDeliveryDate = decision.Shipments.Count == 0 ? "" : Date(decision.Shipments.Max(s => s.EarliestDelivery)),
        };
        foreach (var line in decision.Lines)
        {
            var dates = decision.Shipments.Where(s => s.Lines.Any(l => l.Line.LineId == line.Line.LineId)).Select(s => s.EarliestDelivery).ToList();
            promise.Lines.Add(new Proto.LinePromise
            {
                LineId = line.Line.LineId,
                Available = line.Backordered == 0,
                AvailableQuantity = line.Allocations.Sum(a => a.Quantity),
                EarliestDeliveryDate = line.Backordered == 0 && dates.Count > 0 ? Date(dates.Max()) : "",
            });
        }

        if (!fulfillable)
        {
            var shortLines = decision.Lines.Where(l => l.Backordered > 0).Select(l => $"{l.Line.LineId} ({l.Line.Sku}) short by {l.Backordered}");
            promise.Reason = decision.Plan.HasPlan ? "Not enough stock where this option can source it: " + string.Join("; ", shortLines)
                : decision.Plan.Method == SourcingPipeline.NoCandidatesMethod ? "No location can source these lines with this option, and backorders are not allowed."
                : "No plan satisfies the order's constraints.";
        }

        return promise;
    }

    private static Proto.CandidateExplanation Candidate(string currency, CandidateVerdict c)
    {
        var message = new Proto.CandidateExplanation
        {
            LocationId = c.LocationId,
            LocationType = c.LocationType,
            DistanceKm = c.DistanceKm,
            Available = c.Available,
            Status = c.Status,
            Rule = c.Rule ?? "",
            Reason = c.Reason,
            QuantityChosen = c.QuantityChosen,
        };
        if (c.UnitCost is { } unit)
        {
            message.UnitCost = Money(currency, unit);
        }

        if (c.ShipmentCost is { } shipment)
        {
            message.ShipmentCost = Money(currency, shipment);
        }

        return message;
    }

    private static Proto.SolverInfo Solver(SourcingPlan plan) => new()
    {
        Status = plan.Status switch
        {
            SolveStatus.Optimal => Proto.SolverStatus.Optimal,
            SolveStatus.Feasible => Proto.SolverStatus.Feasible,
            SolveStatus.HeuristicFallback => Proto.SolverStatus.HeuristicFallback,
            SolveStatus.Infeasible => Proto.SolverStatus.Infeasible,
            SolveStatus.NoPlanFound => Proto.SolverStatus.NoPlanFound,
            _ => Proto.SolverStatus.Unspecified,
        },
        Method = plan.Method,
        Gap = plan.Gap ?? 0,
        SolveMilliseconds = Math.Round(plan.SolveTime.TotalMilliseconds, 3),
    };

    private static Proto.Money Money(string currency, long minor) => new() { CurrencyCode = currency, MinorUnits = minor };

    private static string Date(DateOnly date) => date.ToString(DateFormat, System.Globalization.CultureInfo.InvariantCulture);
}

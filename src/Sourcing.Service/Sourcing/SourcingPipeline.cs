using Microsoft.Extensions.Options;
using Sourcing.Optimizer;
using Sourcing.Optimizer.Model;
using Sourcing.Rules.Evaluation;
using Sourcing.Rules.Facts;
using Sourcing.Rules.Loading;
using Sourcing.Service.Inventory;
using Sourcing.Service.Locations;

namespace Sourcing.Service.Sourcing;

/// <summary>
/// The hot path without side effects: stock and network in one read, then per delivery choice the candidates, the
/// rules, the cost model and the optimizer, and from its plan the shipments, their dates and the explanation.
/// Reservation and idempotency are the caller's (<see cref="SourceOrderHandler"/>).
/// </summary>
public sealed class SourcingPipeline(
    IStockStore stock,
    RuleSetHost rules,
    CostModel costs,
    DeliveryCalendar calendar,
    TimeProvider clock,
    IOptions<SourcingOptions> options)
{
    private readonly SourcingOptions _options = options.Value;

    /// <param name="network">The location network the caller already read to validate the request (one read per call).</param>
    public async Task<StockSnapshot> ReadAsync(SourcingOrder order, IReadOnlyDictionary<string, Location> network, CancellationToken cancellationToken)
    {
        var levels = await stock.GetStockAsync(order.Lines.Select(l => l.Sku).Distinct(StringComparer.Ordinal).ToList(), cancellationToken);
        return new StockSnapshot(levels.ToDictionary(s => s.Sku, StringComparer.Ordinal), network, clock.GetUtcNow());
    }

    /// <param name="explain">Build every candidate's verdict (status, rule, costs); costs about a fifth of a decision, so only on request.</param>
    public SourcingDecision Decide(SourcingOrder order, DeliveryChoice delivery, StockSnapshot snapshot, TimeSpan solveBudget, bool explain = false)
    {
        // Candidates: every location holding the SKU, sorted into eligible (rules see them) and not eligible (with why).
        var candidates = order.Lines.Select(line => Candidates(order, line, delivery, snapshot)).ToList();
        var ruleSet = rules.Current;
        var input = new RuleInput(OrderFact(order, delivery), CustomerFact(order.Customer),
            candidates.Select((c, i) => new LineCandidates(LineFact(order.Lines[i], i), c.Eligible.Select(e => e.Fact).ToList())).ToList());
        var directives = RuleEvaluator.Evaluate(ruleSet, input);

        // The optimizer's problem: locations by index, unit and shipment costs with rule adjustments, order constraints.
        var eligibleById = candidates.SelectMany(c => c.Eligible).DistinctBy(e => e.Location.Id).ToList();
        var locationIds = eligibleById.Select(e => e.Location.Id).ToList();
        var indexOf = locationIds.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
        var distance = eligibleById.Select(e => e.Fact.DistanceKm).ToArray();
        var adjustments = new RuleCostTable(directives.CostAdjustments);
        var shipmentCost = eligibleById.Select((e, i) => Math.Max(0, costs.ShipmentCost(e.Location, distance[i]) + adjustments.PerShipment(e.Location.Id))).ToArray();
        var available = new Dictionary<StockKey, int>();
        var unitCosts = new Dictionary<(int Line, string Location), long>();
        var lines = new List<ProblemLine>();
        for (var l = 0; l < order.Lines.Count; l++)
        {
            var line = order.Lines[l];
            var problemCandidates = new List<Candidate>();
            foreach (var eligible in candidates[l].Eligible.Where(e => !directives.IsExcluded(l, e.Location.Id)))
            {
                var index = indexOf[eligible.Location.Id];
                var unitCost = Math.Max(0, costs.UnitCost(eligible.Location, line, distance[index], eligible.Fact.StockOfSku) + adjustments.PerUnit(l, eligible.Location.Id));
                unitCosts[(l, eligible.Location.Id)] = unitCost;
                problemCandidates.Add(new Candidate(index, unitCost));
                available[new StockKey(line.Sku, index)] = (int)Math.Min(int.MaxValue, eligible.Fact.StockOfSku);
            }

            int? pickup = delivery.IsPickup && delivery.PickupLocationId is { } id && indexOf.TryGetValue(id, out var at) ? at : null;
            lines.Add(new ProblemLine(line.Sku, line.Quantity, problemCandidates,
                GroupId: directives.Constraints.ShipTogetherGroups.GetValueOrDefault(l),
                RequiredLocation: pickup));
        }

        var policy = new OrderPolicy(
            MaxShipments: delivery.IsPickup ? 1 : directives.Constraints.MaxShipments,
            ShipComplete: directives.Constraints.ShipComplete ?? false,
            AllowBackorder: directives.Constraints.BackorderAllowed ?? _options.BackorderAllowedByDefault,
            BackorderPenaltyPerUnit: _options.BackorderPenaltyPerUnit);
        var problem = new SourcingProblem(
            locationIds.Select(id => new ProblemLocation(id)).ToList(),
            available,
            [new ProblemOrder(order.OrderId, lines, shipmentCost, policy)]);
        var plan = SourcingOptimizer.Solve(problem, new SolveOptions { Deadline = solveBudget });

        return Explain(order, delivery, snapshot, directives, plan, candidates, locationIds, indexOf, distance, shipmentCost, unitCosts, explain);
    }

    private SourcingDecision Explain(
        SourcingOrder order, DeliveryChoice delivery, StockSnapshot snapshot, RuleDirectives directives, SourcingPlan plan,
        List<LineCandidateSet> candidates, List<string> locationIds, Dictionary<string, int> indexOf, double[] distance, long[] shipmentCost,
        Dictionary<(int, string), long> unitCosts, bool explain)
    {
        var lineDecisions = new List<LineDecision>();
        for (var l = 0; l < order.Lines.Count; l++)
        {
            var linePlan = plan.HasPlan ? plan.Orders[0].Lines[l] : new LinePlan([], order.Lines[l].Quantity);
            var allocations = linePlan.Allocations
                .Select(a => new PlannedAllocation(locationIds[a.Location], a.Quantity, unitCosts[(l, locationIds[a.Location])]))
                .ToList();
            var verdicts = new List<CandidateVerdict>();
            foreach (var eligible in explain ? candidates[l].Eligible : [])
            {
                var id = eligible.Location.Id;
                var index = indexOf[id];
                var exclusion = directives.Exclusions.FirstOrDefault(e => e.LineIndex == l && e.LocationId == id);
                var chosen = allocations.Where(a => a.LocationId == id).Sum(a => a.Quantity);
                verdicts.Add(new CandidateVerdict(
                    id, eligible.Fact.Type, Math.Round(distance[index], 1), eligible.Fact.StockOfSku,
                    exclusion is not null ? CandidateStatus.Excluded : chosen > 0 ? CandidateStatus.Chosen : CandidateStatus.NotChosen,
                    exclusion?.Rule,
                    exclusion?.Reason ?? (chosen > 0 ? "lowest total cost" : "a cheaper plan exists without it"),
                    unitCosts.TryGetValue((l, id), out var unit) ? unit : null,
                    shipmentCost[index],
                    chosen));
            }

            if (explain)
            {
                verdicts.AddRange(candidates[l].NotEligible);
            }

            lineDecisions.Add(new LineDecision(order.Lines[l], allocations, linePlan.Backordered, verdicts));
        }

        var shipments = lineDecisions
            .SelectMany(d => d.Allocations.Select(a => (Decision: d, Allocation: a)))
            .GroupBy(x => x.Allocation.LocationId)
            .Select(group =>
            {
                var location = snapshot.Network[group.Key];
                var index = indexOf[group.Key];
                var date = delivery.IsPickup
                    ? calendar.ReadyDate(location, snapshot.ReadAt)
                    : calendar.DeliveryDate(location, snapshot.ReadAt, distance[index], delivery.Method == DeliveryMethod.Express);
                return new PlannedShipment(group.Key, group.Select(x => (x.Decision.Line, x.Allocation.Quantity)).ToList(), shipmentCost[index], date);
            })
            .OrderBy(s => s.EarliestDelivery).ThenBy(s => s.LocationId, StringComparer.Ordinal)
            .ToList();
        return new SourcingDecision(order, delivery, directives, plan, lineDecisions, shipments);
    }

    private LineCandidateSet Candidates(SourcingOrder order, SourcingLine line, DeliveryChoice delivery, StockSnapshot snapshot)
    {
        var eligible = new List<(Location Location, LocationFact Fact)>();
        var notEligible = new List<CandidateVerdict>();
        var levels = snapshot.StockBySku.TryGetValue(line.Sku, out var skuStock) ? skuStock.Locations : [];
        foreach (var level in levels)
        {
            if (!snapshot.Network.TryGetValue(level.LocationId, out var location))
            {
                continue;
            }

            var why = NotEligibleBecause(order, delivery, location, level);
            var distance = Geography.DistanceKm(location.Coordinates, order.Destination);
            if (why is not null)
            {
                notEligible.Add(new CandidateVerdict(location.Id, TypeName(location.Kind), Math.Round(distance, 1), level.Available, CandidateStatus.NotEligible, null, why, null, null, 0));
                continue;
            }

            eligible.Add((location, new LocationFact
            {
                Id = location.Id,
                Type = TypeName(location.Kind),
                Country = location.CountryCode,
                DistanceKm = distance,
                StockOfSku = level.Available,
                CapacityLeftUnits = location.DailyCapacityUnits ?? -1,
                ProcessingHours = location.ProcessingHours,
                ShipsParcels = location.Capabilities.ShipsParcels,
                CustomerPickup = location.Capabilities.CustomerPickup,
                ShipFromStore = location.Capabilities.ShipFromStore,
            }));
        }

        return new LineCandidateSet(eligible, notEligible);
    }

    private static string? NotEligibleBecause(SourcingOrder order, DeliveryChoice delivery, Location location, StockLevel level)
    {
        if (!location.Active)
        {
            return "the location is inactive";
        }

        if (!location.SellsTo(order.Channel))
        {
            return $"the location does not sell to channel {order.Channel}";
        }

        if (delivery.IsPickup && location.Id != delivery.PickupLocationId)
        {
            return $"the customer collects at {delivery.PickupLocationId}";
        }

        if (!delivery.IsPickup && !location.Capabilities.ShipsParcels)
        {
            return "the location does not ship parcels";
        }

        return level.Available <= 0 ? "no stock available" : null;
    }

    private static OrderFact OrderFact(SourcingOrder order, DeliveryChoice delivery) => new()
    {
        Id = order.OrderId,
        Channel = order.Channel,
        CustomerSegment = order.Customer.Segment,
        Country = order.Country,
        DeliveryMethod = delivery.Method.ToString().ToLowerInvariant(),
        TotalMinor = order.Lines.Sum(l => l.UnitPriceMinor * l.Quantity),
        Currency = order.Currency,
        PaymentMethod = order.PaymentMethod,
        FraudScore = order.FraudScore,
        LineCount = order.Lines.Count,
    };

    private static CustomerFact CustomerFact(CustomerProfile customer) => new()
    {
        Id = customer.Id,
        Segment = customer.Segment,
        IsVip = customer.IsVip,
        OpenBalanceMinor = customer.OpenBalanceMinor,
        CreditLimitMinor = customer.CreditLimitMinor,
    };

    private static LineFact LineFact(SourcingLine line, int index) => new()
    {
        Index = index,
        Sku = line.Sku,
        Quantity = line.Quantity,
        WeightGrams = line.WeightGrams,
        Category = line.Category,
        Hazardous = line.Hazardous,
        ValueMinor = line.UnitPriceMinor * line.Quantity,
        KitId = line.KitId,
    };

    private static string TypeName(LocationKind kind) => kind switch
    {
        LocationKind.Warehouse => "warehouse",
        LocationKind.Store => "store",
        LocationKind.DropShipSupplier => "dropship",
        LocationKind.DarkStore => "darkstore",
        _ => "unknown",
    };

    private sealed record LineCandidateSet(List<(Location Location, LocationFact Fact)> Eligible, List<CandidateVerdict> NotEligible);
}

using System.Diagnostics;
using Microsoft.Extensions.Options;
using Sourcing.Optimizer;
using Sourcing.Optimizer.Model;
using Sourcing.Rules.Evaluation;
using Sourcing.Rules.Facts;
using Sourcing.Rules.Loading;
using Sourcing.Service.Inventory;
using Sourcing.Service.Locations;
using Sourcing.Service.Telemetry;

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
    IOptions<SourcingOptions> options,
    CustomerCreditReader credit)
{
    /// <summary>The solver method reported when no location could source any line, so no search ran.</summary>
    public const string NoCandidatesMethod = "no-candidates";

    /// <summary>With explain, at most this many eligible candidates are listed per line (chosen and cheapest first).</summary>
    public const int MaxExplainedEligiblePerLine = 20;

    /// <summary>With explain, at most this many not-eligible candidates are listed per line (nearest first).</summary>
    public const int MaxExplainedNotEligiblePerLine = 10;

    private readonly SourcingOptions _options = options.Value;

    /// <param name="network">The location network the caller already read to validate the request (one read per call).</param>
    /// <param name="withReceivables">
    /// Read the customer's credit facts too (SourceOrder, orders); a delivery promise decides no payment and skips them.
    /// </param>
    public async Task<StockSnapshot> ReadAsync(SourcingOrder order, IReadOnlyDictionary<string, Location> network, CancellationToken cancellationToken, bool withReceivables = true)
    {
        // Capacity of every active location with a daily limit (the network is in memory; candidates are not known before
        // the stock is read), in the same round trip as the stock, each on its own local day.
        var now = clock.GetUtcNow();
        var limited = network.Values
            .Where(l => l.Active && (l.DailyCapacityUnits is not null || l.DailyCapacityShipments is not null))
            .Select(l => new LocationDay(l.Id, CapacityDay.Of(l, now)))
            .ToList();
        var stockRead = stock.GetStockAndCapacityAsync(order.Lines.Select(l => l.Sku).Distinct(StringComparer.Ordinal).ToList(), limited, cancellationToken);
        var customerRead = withReceivables ? credit.ReadAsync(order.Customer, order.Currency, cancellationToken) : Task.FromResult(credit.WithoutReceivables(order.Customer));
        // Both stores are asked at once; both are awaited so that a fault of either is observed.
        await Task.WhenAll(stockRead, customerRead);
        var read = await stockRead;
        return new StockSnapshot(read.Stock.ToDictionary(s => s.Sku, StringComparer.Ordinal), network, now)
        {
            CapacityUsed = read.CapacityUsed,
            Customer = await customerRead,
        };
    }

    /// <param name="explain">Build every candidate's verdict (status, rule, costs); costs about a fifth of a decision, so only on request.</param>
    /// <param name="excludedLocations">
    /// Per line (by index), locations that must not supply it whatever the rules say: an order's locations that
    /// rejected the line before. They are not eligible, so the rules never see them; null means none.
    /// </param>
    public SourcingDecision Decide(SourcingOrder order, DeliveryChoice delivery, StockSnapshot snapshot, TimeSpan solveBudget, bool explain = false,
        IReadOnlyList<IReadOnlySet<string>>? excludedLocations = null)
    {
        // Candidates: every location holding the SKU, sorted into eligible (rules see them) and not eligible (with why).
        var candidates = order.Lines.Select((line, i) => Candidates(order, line, delivery, snapshot, excludedLocations?[i])).ToList();
        var ruleSet = rules.Current;
        var input = new RuleInput(OrderFact(order, delivery), snapshot.Customer ?? credit.WithoutReceivables(order.Customer),
            candidates.Select((c, i) => new LineCandidates(LineFact(order.Lines[i], i), c.Eligible.Select(e => e.Fact).ToList())).ToList());
        var directives = EvaluateRules(ruleSet, input);
        var exclusions = ExclusionsByCandidate(directives);

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
            foreach (var eligible in candidates[l].Eligible.Where(e => !exclusions.ContainsKey((l, e.Location.Id))))
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
            locationIds.Select(id =>
            {
                // What is left of today's capacity bounds the plan; a location with none left was never eligible.
                var (units, shipments) = CapacityLeft(snapshot.Network[id], snapshot);
                return new ProblemLocation(id, units, shipments);
            }).ToList(),
            available,
            [new ProblemOrder(order.OrderId, lines, shipmentCost, policy)]);
        // No line has a location that could ship it (stocked nowhere, all reserved, no location sells to the channel):
        // the answer is known without a search, and the optimizer is not asked to plan over no locations at all.
        var plan = Solve(problem, locationIds.Count, solveBudget);

        return Explain(order, delivery, snapshot, directives, plan, candidates, locationIds, indexOf, distance, shipmentCost, unitCosts, explain ? exclusions : null);
    }

    /// <summary>The rules' verdicts, in a span of their own; the rule set's version also tags the call's span.</summary>
    private static RuleDirectives EvaluateRules(CompiledRuleSet ruleSet, RuleInput input)
    {
        SourcingTelemetry.TagCurrent(SourcingTelemetry.Tags.RulesVersion, ruleSet.Version);
        using var span = SourcingTelemetry.Source.StartActivity(SourcingTelemetry.Spans.Rules);
        span?.SetTag(SourcingTelemetry.Tags.RulesVersion, ruleSet.Version);
        return RuleEvaluator.Evaluate(ruleSet, input);
    }

    /// <summary>
    /// The optimizer's plan, in a span with its status, wall time and size; the status also tags the call's span and
    /// counts in <c>sourcing.solver.outcomes</c>. With no location that could ship any line, no search runs.
    /// </summary>
    private static SourcingPlan Solve(SourcingProblem problem, int locationCount, TimeSpan solveBudget)
    {
        var call = Activity.Current;
        SourcingPlan plan;
        using (var span = SourcingTelemetry.Source.StartActivity(SourcingTelemetry.Spans.Solve))
        {
            plan = locationCount == 0 ? NothingToSource(problem) : SourcingOptimizer.Solve(problem, new SolveOptions { Deadline = solveBudget });
            var status = SourcingTelemetry.StatusName(plan.Status, plan.Method);
            if (span is not null)
            {
                var lines = problem.Orders[0].Lines.Count;
                span.SetTag(SourcingTelemetry.Tags.SolverStatus, status);
                span.SetTag(SourcingTelemetry.Tags.SolverMethod, plan.Method);
                span.SetTag(SourcingTelemetry.Tags.SolverWallTimeMs, plan.SolveTime.TotalMilliseconds);
                span.SetTag(SourcingTelemetry.Tags.SolverLines, lines);
                span.SetTag(SourcingTelemetry.Tags.SolverLocations, locationCount);
                span.SetTag(SourcingTelemetry.Tags.SolverSize, lines * locationCount);
            }

            if (call is { IsAllDataRequested: true })
            {
                call.SetTag(SourcingTelemetry.Tags.SolverStatus, status);
            }

            SourcingTelemetry.SolverOutcomes.Add(1, new KeyValuePair<string, object?>(SourcingTelemetry.Tags.SolverStatus, status));
        }

        return plan;
    }

    /// <summary>Every unit backordered when the order allows it; otherwise infeasible (the order cannot be fulfilled).</summary>
    private static SourcingPlan NothingToSource(SourcingProblem problem)
    {
        var order = problem.Orders[0];
        if (!order.Policy.AllowBackorder)
        {
            return SourcingPlan.Infeasible(TimeSpan.Zero, NoCandidatesMethod);
        }

        var allBackordered = order.Lines.Select(line => new LinePlan([], line.Quantity)).ToList();
        var plan = PlanEvaluator.Assemble(problem, [allBackordered], SolveStatus.Optimal, bound: null, TimeSpan.Zero, NoCandidatesMethod);
        return plan with { BestBound = plan.Cost.Total };
    }

    private SourcingDecision Explain(
        SourcingOrder order, DeliveryChoice delivery, StockSnapshot snapshot, RuleDirectives directives, SourcingPlan plan,
        List<LineCandidateSet> candidates, List<string> locationIds, Dictionary<string, int> indexOf, double[] distance, long[] shipmentCost,
        Dictionary<(int, string), long> unitCosts, Dictionary<(int, string), Exclusion>? explainWith)
    {
        var lineDecisions = new List<LineDecision>();
        for (var l = 0; l < order.Lines.Count; l++)
        {
            var linePlan = plan.HasPlan ? plan.Orders[0].Lines[l] : new LinePlan([], order.Lines[l].Quantity);
            var allocations = linePlan.Allocations
                .Select(a => new PlannedAllocation(locationIds[a.Location], a.Quantity, unitCosts[(l, locationIds[a.Location])]))
                .ToList();
            var verdicts = new List<CandidateVerdict>();
            var omitted = default(OmittedCandidates);
            if (explainWith is not null)
            {
                // Bounded: on a network of thousands of locations every candidate of every line would make the answer
                // megabytes. The chosen locations first, then the cheapest, then the excluded; the rest are counted.
                var chosenAt = allocations.GroupBy(a => a.LocationId).ToDictionary(g => g.Key, g => g.Sum(a => a.Quantity), StringComparer.Ordinal);
                var listed = candidates[l].Eligible
                    .OrderByDescending(e => chosenAt.ContainsKey(e.Location.Id))
                    .ThenBy(e => unitCosts.TryGetValue((l, e.Location.Id), out var cost) ? cost : long.MaxValue)
                    .ThenBy(e => e.Fact.DistanceKm)
                    .Take(MaxExplainedEligiblePerLine);
                foreach (var eligible in listed)
                {
                    var id = eligible.Location.Id;
                    var index = indexOf[id];
                    var exclusion = explainWith.GetValueOrDefault((l, id));
                    var chosen = chosenAt.GetValueOrDefault(id);
                    verdicts.Add(new CandidateVerdict(
                        id, eligible.Fact.Type, Math.Round(distance[index], 1), eligible.Fact.StockOfSku,
                        exclusion is not null ? CandidateStatus.Excluded : chosen > 0 ? CandidateStatus.Chosen : CandidateStatus.NotChosen,
                        exclusion?.Rule,
                        exclusion?.Reason ?? (chosen > 0 ? "lowest total cost" : "a cheaper plan exists without it"),
                        unitCosts.TryGetValue((l, id), out var unit) ? unit : null,
                        shipmentCost[index],
                        chosen));
                }

                verdicts.AddRange(candidates[l].NotEligible.OrderBy(v => v.DistanceKm).Take(MaxExplainedNotEligiblePerLine));
                omitted = new OmittedCandidates(
                    Math.Max(0, candidates[l].Eligible.Count - MaxExplainedEligiblePerLine),
                    Math.Max(0, candidates[l].NotEligible.Count - MaxExplainedNotEligiblePerLine));
            }

            lineDecisions.Add(new LineDecision(order.Lines[l], allocations, linePlan.Backordered, verdicts) { Omitted = omitted });
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

    private static Dictionary<(int Line, string Location), Exclusion> ExclusionsByCandidate(RuleDirectives directives)
    {
        // The first rule that excluded a candidate is the one named; a lookup, not a scan of every exclusion per candidate.
        var byCandidate = new Dictionary<(int, string), Exclusion>();
        foreach (var exclusion in directives.Exclusions)
        {
            byCandidate.TryAdd((exclusion.LineIndex, exclusion.LocationId), exclusion);
        }

        return byCandidate;
    }

    private LineCandidateSet Candidates(SourcingOrder order, SourcingLine line, DeliveryChoice delivery, StockSnapshot snapshot, IReadOnlySet<string>? excluded)
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

            var (unitsLeft, shipmentsLeft) = CapacityLeft(location, snapshot);
            var distance = Geography.DistanceKm(location.Coordinates, order.Destination);

            // A location stored before its coordinates were checked may have NaN ones: its distance, and so its cost,
            // would be NaN and priced as zero, winning every order.
            var why = double.IsFinite(distance)
                ? NotEligibleBecause(order, delivery, location, level)
                    ?? (unitsLeft == 0 || shipmentsLeft == 0 ? "the location's daily capacity is used up today" : null)
                : "the location's coordinates are not valid";
            if (why is null && excluded is not null && excluded.Contains(location.Id))
            {
                why = "the location rejected this line before";
            }

            distance = double.IsFinite(distance) ? distance : 0;
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
                CapacityLeftUnits = unitsLeft ?? -1,
                CapacityUsedPercent = CapacityUsedPercent(location, snapshot),
                ProcessingHours = location.ProcessingHours,
                ShipsParcels = location.Capabilities.ShipsParcels,
                CustomerPickup = location.Capabilities.CustomerPickup,
                ShipFromStore = location.Capabilities.ShipFromStore,
            }));
        }

        return new LineCandidateSet(eligible, notEligible);
    }

    /// <summary>Units and shipments the location may still send today; null where it has no limit.</summary>
    private static (int? Units, int? Shipments) CapacityLeft(Location location, StockSnapshot snapshot)
    {
        var used = snapshot.CapacityUsed.GetValueOrDefault(location.Id);
        return (
            location.DailyCapacityUnits is { } units ? (int)Math.Clamp(units - used.Units, 0, int.MaxValue) : null,
            location.DailyCapacityShipments is { } shipments ? (int)Math.Clamp(shipments - used.Shipments, 0, int.MaxValue) : null);
    }

    /// <summary>Share of today's unit capacity used, 0-100; 0 without a limit, 100 for a limit of zero.</summary>
    private static int CapacityUsedPercent(Location location, StockSnapshot snapshot) => location.DailyCapacityUnits switch
    {
        null => 0,
        0 => 100,
        var units => (int)Math.Min(100, snapshot.CapacityUsed.GetValueOrDefault(location.Id).Units * 100 / units.Value),
    };

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

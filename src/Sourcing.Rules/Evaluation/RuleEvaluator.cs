using Sourcing.Rules.Facts;
using Sourcing.Rules.Json;
using Sourcing.Rules.Loading;
using Sourcing.Rules.NRulesSets;

namespace Sourcing.Rules.Evaluation;

/// <summary>
/// Runs one order through a compiled rule set: the JSON rules per line × location, per line and per order, then the
/// channel's NRules rule sets in a fresh session. Only compiled delegates run here; nothing is parsed or compiled.
/// </summary>
public static class RuleEvaluator
{
    /// <param name="useNRules">Off to measure or run the JSON workflows alone.</param>
    public static RuleDirectives Evaluate(CompiledRuleSet rules, RuleInput input, bool useJson = true, bool useNRules = true)
    {
        var result = new Accumulator();
        if (useJson)
        {
            EvaluateJson(rules, input, result);
        }

        if (useNRules && rules.SessionFactoryFor(input.Order.Channel) is { } factory)
        {
            EvaluateNRules(factory, input, result);
        }

        return result.ToDirectives(rules.Version);
    }

    private static void EvaluateJson(CompiledRuleSet rules, RuleInput input, Accumulator result)
    {
        // One argument array per shape, reused for every call: the delegates read it, nothing keeps it.
        object[] orderArgs = [input.Order, input.Customer];
        object[] lineArgs = [input.Order, input.Customer, null!];
        object[] pairArgs = [input.Order, input.Customer, null!, null!];
        foreach (var candidates in input.Lines)
        {
            var line = candidates.Line;
            pairArgs[2] = lineArgs[2] = line;
            foreach (var location in candidates.Locations)
            {
                pairArgs[3] = location;
                foreach (var rule in rules.Eligibility)
                {
                    if (rule.Condition(pairArgs))
                    {
                        result.Exclude(line.Index, location.Id, rule.Name, rule.Reason, RuleSource.Json);
                    }
                }

                foreach (var rule in rules.Costs)
                {
                    if (rule.Condition(pairArgs))
                    {
                        result.Adjust(new CostAdjustment(line.Index, location.Id, rule.Effect.PerUnitMinor, rule.Effect.PerShipmentMinor, rule.Name), RuleSource.Json);
                    }
                }
            }

            foreach (var rule in rules.Grouping)
            {
                if (rule.Condition(lineArgs))
                {
                    result.ShipTogether(line.Index, rule.Effect.ShipTogether!, rule.Name, RuleSource.Json);
                }
            }
        }

        foreach (var rule in rules.Policies)
        {
            if (rule.Condition(orderArgs))
            {
                result.ApplyPolicy(rule);
            }
        }

        foreach (var rule in rules.Holds)
        {
            if (rule.Condition(orderArgs))
            {
                result.Hold(new Hold(rule.Effect.Hold!, rule.Name, rule.Reason));
            }
        }
    }

    private static void EvaluateNRules(NRules.ISessionFactory factory, RuleInput input, Accumulator result)
    {
        var session = factory.CreateSession();
        var outcome = new RuleOutcome();
        session.Insert(outcome);
        session.Insert(input.Order);
        session.Insert(input.Customer);
        var locations = new Dictionary<string, LocationFact>(StringComparer.Ordinal);
        foreach (var candidates in input.Lines)
        {
            session.Insert(candidates.Line);
            foreach (var location in candidates.Locations)
            {
                // One fact per location, not per line: the cross-fact rules reason about the location itself.
                locations.TryAdd(location.Id, location);
            }
        }

        session.InsertAll(locations.Values);
        session.Fire();

        foreach (var (locationId, rule, reason) in outcome.ExcludedLocations)
        {
            foreach (var candidates in input.Lines.Where(c => c.Locations.Any(l => l.Id == locationId)))
            {
                result.Exclude(candidates.Line.Index, locationId, rule, reason, RuleSource.NRules);
            }
        }

        foreach (var (locationId, perUnit, perShipment, rule) in outcome.LocationCosts)
        {
            result.Adjust(new CostAdjustment(null, locationId, perUnit, perShipment, rule), RuleSource.NRules);
        }

        foreach (var (lineIndex, group, rule) in outcome.Groups)
        {
            result.ShipTogether(lineIndex, group, rule, RuleSource.NRules);
        }
    }

    /// <summary>Collects decisions and their trace; merges policies so the strictest wins.</summary>
    private sealed class Accumulator
    {
        private readonly List<Exclusion> _exclusions = [];
        private readonly List<CostAdjustment> _costs = [];
        private readonly List<Hold> _holds = [];
        private readonly List<TraceEntry> _trace = [];
        private readonly Dictionary<int, string> _groups = [];
        private int? _maxShipments;
        private bool? _shipComplete;
        private bool? _backorderAllowed;

        public void Exclude(int line, string location, string rule, string reason, RuleSource source)
        {
            _exclusions.Add(new Exclusion(line, location, rule, reason));
            _trace.Add(new TraceEntry(rule, source, line, location, "excluded: " + reason));
        }

        public void Adjust(CostAdjustment adjustment, RuleSource source)
        {
            _costs.Add(adjustment);
            _trace.Add(new TraceEntry(adjustment.Rule, source, adjustment.LineIndex, adjustment.LocationId,
                $"cost {adjustment.PerUnitMinor:+0;-0;0} per unit, {adjustment.PerShipmentMinor:+0;-0;0} per shipment"));
        }

        public void ShipTogether(int line, string group, string rule, RuleSource source)
        {
            _groups[line] = group;
            _trace.Add(new TraceEntry(rule, source, line, null, $"ships together with group {group}"));
        }

        public void ApplyPolicy(CompiledJsonRule rule)
        {
            var effect = rule.Effect;
            if (effect.MaxShipments is { } max)
            {
                _maxShipments = Math.Min(_maxShipments ?? int.MaxValue, max);
            }

            if (effect.ShipComplete is { } complete)
            {
                _shipComplete = (_shipComplete ?? false) || complete;
            }

            if (effect.BackorderAllowed is { } allowed)
            {
                _backorderAllowed = (_backorderAllowed ?? true) && allowed;
            }

            _trace.Add(new TraceEntry(rule.Name, RuleSource.Json, null, null,
                string.Join(", ", new[]
                {
                    effect.MaxShipments is { } m ? $"max {m} shipments" : null,
                    effect.ShipComplete is { } c ? $"ship complete {c.ToString().ToLowerInvariant()}" : null,
                    effect.BackorderAllowed is { } b ? $"backorder allowed {b.ToString().ToLowerInvariant()}" : null,
                }.Where(s => s is not null))));
        }

        public void Hold(Hold hold)
        {
            _holds.Add(hold);
            _trace.Add(new TraceEntry(hold.Rule, RuleSource.Json, null, null, $"hold {hold.Code}: {hold.Reason}"));
        }

        public RuleDirectives ToDirectives(string version) => new(
            version,
            _exclusions,
            _costs,
            _maxShipments is null && _shipComplete is null && _backorderAllowed is null && _groups.Count == 0
                ? OrderConstraints.None
                : new OrderConstraints(_maxShipments, _shipComplete, _backorderAllowed, _groups),
            _holds,
            _trace);
    }
}

using Sourcing.Rules.Facts;
using Sourcing.Rules.Json;
using Sourcing.Rules.Loading;
using Sourcing.Rules.NRulesSets;

namespace Sourcing.Rules.Evaluation;

/// <summary>
/// Runs one order through a compiled rule set: the JSON rules per line × location, per line and per order, then the
/// channel's NRules rule sets in a fresh session. Only compiled delegates run here; nothing is parsed or compiled.
/// A rule that throws is contained to itself: its failure policy decides what it is taken to have said, the failure is
/// in the trace and in <see cref="RuleDirectives.Failures"/>, and every other rule decides as usual.
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
                    if (ConditionHolds(rule, pairArgs, result, line.Index, location.Id))
                    {
                        result.Exclude(line.Index, location.Id, rule.Name, rule.Reason, RuleSource.Json);
                    }
                }

                foreach (var rule in rules.Costs)
                {
                    if (ConditionHolds(rule, pairArgs, result, line.Index, location.Id))
                    {
                        result.Adjust(new CostAdjustment(line.Index, location.Id, rule.Effect.PerUnitMinor, rule.Effect.PerShipmentMinor, rule.Name), RuleSource.Json);
                    }
                }
            }

            foreach (var rule in rules.Grouping)
            {
                if (ConditionHolds(rule, lineArgs, result, line.Index, null))
                {
                    result.ShipTogether(line.Index, rule.Effect.ShipTogether!, rule.Name, RuleSource.Json);
                }
            }
        }

        foreach (var rule in rules.Policies)
        {
            if (ConditionHolds(rule, orderArgs, result, null, null))
            {
                result.ApplyPolicy(rule);
            }
        }

        foreach (var rule in rules.Holds)
        {
            if (ConditionHolds(rule, orderArgs, result, null, null))
            {
                result.Hold(new Hold(rule.Effect.Hold!, rule.Name, rule.Reason));
            }
        }
    }

    /// <summary>The rule's condition, or false when it throws (after its failure policy has been applied).</summary>
    private static bool ConditionHolds(CompiledJsonRule rule, object[] args, Accumulator result, int? line, string? location)
    {
        try
        {
            return rule.Condition(args);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            var hold = rule.Kind == RuleKind.Hold ? rule.Effect.Hold! : FailurePolicies.HoldCode;
            result.Fail(rule.Name, RuleSource.Json, rule.OnFailure, exception, line, location, hold);
            return false;
        }
    }

    private static void EvaluateNRules(NRules.ISessionFactory factory, RuleInput input, Accumulator result)
    {
        var session = factory.CreateSession();
        // Handled failures make NRules go on: a condition that threw does not match, an action that threw is cut short.
        session.Events.LhsExpressionFailedEvent += (_, failed) =>
        {
            failed.IsHandled = true;
            foreach (var rule in failed.Rules)
            {
                result.Fail(rule.Name, RuleSource.NRules, NRulesFailurePolicy.For(rule), failed.Exception, null, null, FailurePolicies.HoldCode);
            }
        };
        session.Events.AgendaExpressionFailedEvent += (_, failed) =>
        {
            failed.IsHandled = true;
            result.Fail(failed.Rule.Name, RuleSource.NRules, NRulesFailurePolicy.For(failed.Rule), failed.Exception, null, null, FailurePolicies.HoldCode);
        };
        session.Events.RhsExpressionFailedEvent += (_, failed) =>
        {
            failed.IsHandled = true;
            result.Fail(failed.Match.Rule.Name, RuleSource.NRules, NRulesFailurePolicy.For(failed.Match.Rule), failed.Exception, null, null, FailurePolicies.HoldCode);
        };
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
        /// <summary>An exception's message can repeat input; the trace keeps this much of it.</summary>
        private const int MaxErrorLength = 200;

        private readonly List<Exclusion> _exclusions = [];
        private readonly List<CostAdjustment> _costs = [];
        private readonly List<Hold> _holds = [];
        private readonly List<TraceEntry> _trace = [];
        private readonly Dictionary<int, string> _groups = [];
        private readonly Dictionary<string, FailureCount> _failures = new(StringComparer.Ordinal);
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

        /// <summary>
        /// Applies the failing rule's policy. The trace gets one entry per failing rule, not per call: a rule that
        /// throws for every candidate of a large order must not make the answer as large as the order times the rules.
        /// </summary>
        public void Fail(string rule, RuleSource source, FailurePolicy policy, Exception? exception, int? line, string? location, string holdCode)
        {
            if (_failures.TryGetValue(rule, out var seen))
            {
                seen.Occurrences++;
            }
            else
            {
                var error = exception is null ? "an error without details" : exception.GetType().Name + ": " + exception.Message;
                _failures[rule] = new FailureCount(source, policy, error.Length <= MaxErrorLength ? error : error[..MaxErrorLength] + "…", line, location);
                if (policy == FailurePolicy.Hold)
                {
                    Hold(new Hold(holdCode, rule, $"The rule {rule} failed on this order; it is held until someone checks it."), source);
                }
            }

            if (policy == FailurePolicy.Exclude && line is { } index && location is not null)
            {
                Exclude(index, location, rule, $"The rule {rule} failed on this candidate; its failure policy excludes it.", source);
            }
        }

        public void Hold(Hold hold, RuleSource source = RuleSource.Json)
        {
            _holds.Add(hold);
            _trace.Add(new TraceEntry(hold.Rule, source, null, null, $"hold {hold.Code}: {hold.Reason}"));
        }

        private List<RuleFailure> Failures()
        {
            var failures = new List<RuleFailure>(_failures.Count);
            foreach (var (rule, f) in _failures)
            {
                var where = f.Line is { } l ? f.Location is { } at ? $" first on line {l} at {at}" : $" first on line {l}" : "";
                var effect = f.Policy switch
                {
                    FailurePolicy.Skip => "the rule is ignored",
                    FailurePolicy.Exclude => "each candidate it failed on is excluded",
                    _ => "the order is held",
                };
                _trace.Add(new TraceEntry(rule, f.Source, null, null,
                    $"failed {f.Occurrences} time(s){where}: {f.Error}; failure policy {FailurePolicies.Name(f.Policy)}: {effect}"));
                failures.Add(new RuleFailure(rule, f.Source, f.Policy, f.Error, f.Occurrences, f.Line, f.Location));
            }

            return failures;
        }

        private sealed class FailureCount(RuleSource source, FailurePolicy policy, string error, int? line, string? location)
        {
            public RuleSource Source { get; } = source;
            public FailurePolicy Policy { get; } = policy;
            public string Error { get; } = error;
            public int? Line { get; } = line;
            public string? Location { get; } = location;
            public int Occurrences { get; set; } = 1;
        }

        public RuleDirectives ToDirectives(string version)
        {
            var failures = Failures();
            return new(
                version,
                _exclusions,
                _costs,
                _maxShipments is null && _shipComplete is null && _backorderAllowed is null && _groups.Count == 0
                    ? OrderConstraints.None
                    : new OrderConstraints(_maxShipments, _shipComplete, _backorderAllowed, _groups),
                _holds,
                _trace,
                failures);
        }
    }
}

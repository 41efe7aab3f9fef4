using Sourcing.Rules.Facts;

namespace Sourcing.Rules.Evaluation;

/// <summary>
/// Collects one evaluation's decisions and their trace; merges policies so the strictest wins. Rule kinds add to it
/// through their <see cref="Kinds.RuleKind.Apply"/>.
/// </summary>
internal sealed class RuleOutcomes
{
    /// <summary>An exception's message can repeat input; the trace keeps this much of it.</summary>
    private const int MaxErrorLength = 200;

    private readonly List<Exclusion> _exclusions = [];
    private readonly List<CostAdjustment> _costs = [];
    private readonly List<Hold> _holds = [];
    private readonly List<DisallowedMethod> _disallowed = [];
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

    public void ApplyPolicy(string rule, int? maxShipments, bool? shipComplete, bool? backorderAllowed)
    {
        if (maxShipments is { } max)
        {
            _maxShipments = Math.Min(_maxShipments ?? int.MaxValue, max);
        }

        if (shipComplete is { } complete)
        {
            _shipComplete = (_shipComplete ?? false) || complete;
        }

        if (backorderAllowed is { } allowed)
        {
            _backorderAllowed = (_backorderAllowed ?? true) && allowed;
        }

        _trace.Add(new TraceEntry(rule, RuleSource.Json, null, null,
            string.Join(", ", new[]
            {
                maxShipments is { } m ? $"max {m} shipments" : null,
                shipComplete is { } c ? $"ship complete {c.ToString().ToLowerInvariant()}" : null,
                backorderAllowed is { } b ? $"backorder allowed {b.ToString().ToLowerInvariant()}" : null,
            }.Where(s => s is not null))));
    }

    public void Disallow(DisallowedMethod disallowed)
    {
        _disallowed.Add(disallowed);
        _trace.Add(new TraceEntry(disallowed.Rule, RuleSource.Json, null, null, $"payment method {disallowed.Method} not offered: {disallowed.Reason}"));
    }

    /// <summary>
    /// An order whose own payment method a rule disallowed is held for finance with that rule's reason: the method was
    /// chosen before the rules could say no, and someone must agree another with the customer. A rule that disallows
    /// the method and holds the order itself (a credit check, say) has said how the order is held: it adds no second hold.
    /// </summary>
    public void HoldIfMethodDisallowed(OrderFact order)
    {
        foreach (var disallowed in _disallowed)
        {
            if (disallowed.Method == order.PaymentMethod && !_holds.Any(h => h.Rule == disallowed.Rule))
            {
                Hold(new Hold(Evaluation.Hold.PaymentMethodNotAllowed, disallowed.Rule, disallowed.Reason, Evaluation.Hold.PaymentCategory));
                return;
            }
        }
    }

    /// <summary>
    /// Applies the failing rule's policy. The trace gets one entry per failing rule, not per call: a rule that
    /// throws for every candidate of a large order must not make the answer as large as the order times the rules.
    /// </summary>
    public void Fail(string rule, RuleSource source, FailurePolicy policy, Exception? exception, int? line, string? location, string holdCode, string holdCategory = "")
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
                Hold(new Hold(holdCode, rule, $"The rule {rule} failed on this order; it is held until someone checks it.", holdCategory), source);
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

    public PaymentDecision ToPaymentDecision()
    {
        var failures = Failures();
        return new PaymentDecision(_holds, _disallowed, failures);
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
            failures)
        {
            DisallowedMethods = _disallowed,
        };
    }
}

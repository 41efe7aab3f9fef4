using Sourcing.Rules.Facts;
using Sourcing.Rules.Json;
using Sourcing.Rules.Kinds;
using Sourcing.Rules.Loading;
using Sourcing.Rules.NRulesSets;

namespace Sourcing.Rules.Evaluation;

/// <summary>
/// Runs one order through a compiled rule set: the JSON rules per line × location, per line and per order (each kind's
/// effect applied by its descriptor), then the channel's NRules rule sets in a fresh session. Only compiled delegates run here; nothing is parsed or compiled.
/// A rule that throws is contained to itself: its failure policy decides what it is taken to have said, the failure is
/// in the trace and in <see cref="RuleDirectives.Failures"/>, and every other rule decides as usual.
/// </summary>
public static class RuleEvaluator
{
    /// <param name="useNRules">Off to measure or run the JSON workflows alone.</param>
    public static RuleDirectives Evaluate(CompiledRuleSet rules, RuleInput input, bool useJson = true, bool useNRules = true)
    {
        var result = new RuleOutcomes();
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

    /// <summary>The payment rules alone, for an order and its customer: no lines, no locations, no NRules.</summary>
    public static PaymentDecision EvaluatePayment(CompiledRuleSet rules, OrderFact order, CustomerFact customer)
    {
        var result = new RuleOutcomes();
        object[] orderArgs = [order, customer];
        foreach (var rule in rules.RulesOf(PaymentKind.Kind))
        {
            Run(rule, orderArgs, result, order, null, null);
        }

        result.HoldIfMethodDisallowed(order);
        return result.ToPaymentDecision();
    }

    /// <summary>
    /// Each of <paramref name="methods"/> as the payment rules would decide it were the order paid that way: whether it
    /// is offered, and the holds it would bring (an invoice over the credit limit is offered but held, say).
    /// </summary>
    public static IReadOnlyList<PaymentOption> PaymentOptions(CompiledRuleSet rules, OrderFact order, CustomerFact customer, IEnumerable<string> methods) =>
        methods.Select(method => new PaymentOption(method, EvaluatePayment(rules, order with { PaymentMethod = method }, customer))).ToList();

    private static void EvaluateJson(CompiledRuleSet rules, RuleInput input, RuleOutcomes result)
    {
        // One argument array per shape, reused for every call: the delegates read it, nothing keeps it.
        object[] orderArgs = [input.Order, input.Customer];
        object[] lineArgs = [input.Order, input.Customer, null!];
        object[] pairArgs = [input.Order, input.Customer, null!, null!];
        var candidateRules = rules.CandidateRules;
        var lineRules = rules.LineRules;
        foreach (var candidates in input.Lines)
        {
            var line = candidates.Line;
            pairArgs[2] = lineArgs[2] = line;
            if (candidateRules.Length > 0)
            {
                foreach (var location in candidates.Locations)
                {
                    pairArgs[3] = location;
                    foreach (var rule in candidateRules)
                    {
                        Run(rule, pairArgs, result, input.Order, line.Index, location.Id);
                    }
                }
            }

            foreach (var rule in lineRules)
            {
                Run(rule, lineArgs, result, input.Order, line.Index, null);
            }
        }

        foreach (var rule in rules.OrderRules)
        {
            Run(rule, orderArgs, result, input.Order, null, null);
        }

        result.HoldIfMethodDisallowed(input.Order);
    }

    /// <summary>Applies the rule's effect when its condition holds; when it throws, its failure policy instead.</summary>
    private static void Run(CompiledJsonRule rule, object[] args, RuleOutcomes result, OrderFact order, int? line, string? location)
    {
        bool holds;
        try
        {
            holds = rule.Condition(args);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            result.Fail(rule.Name, RuleSource.Json, rule.OnFailure, exception, line, location, rule.Kind.FailureHoldCode(rule.Effect), rule.Kind.HoldCategory);
            return;
        }

        if (holds)
        {
            rule.Kind.Apply(new RuleHit(rule, result, order, line, location));
        }
    }

    private static void EvaluateNRules(NRules.ISessionFactory factory, RuleInput input, RuleOutcomes result)
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
}

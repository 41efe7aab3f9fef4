using Sourcing.Rules.Evaluation;
using Sourcing.Rules.Facts;
using Sourcing.Rules.Json;
using Sourcing.Rules.Kinds;

namespace Sourcing.Rules.Loading;

/// <summary>
/// Runs every rule of a candidate set over <see cref="EdgeInputs"/> before the set goes live. Evaluation contains a rule
/// that throws, but a rule known to throw on ordinary inputs is a mistake the merchandiser can fix now, so it is refused
/// naming the file, the rule and the input.
/// </summary>
internal static class RuleProbe
{
    public static void CheckJson(IEnumerable<CompiledJsonRule> rules, List<RuleProblem> problems)
    {
        foreach (var rule in rules)
        {
            if (FirstThrow(rule) is { } failure)
            {
                problems.Add(new RuleProblem(rule.File, rule.Name,
                    $"the expression throws {failure.Error} for {failure.Input}; a rule must decide for every {(rule.Kind.Scope == RuleScope.ReturnLine ? "return" : "order")}"));
            }
        }
    }

    /// <summary>NRules rules are code, but a rule that throws on these inputs would fail orders all the same.</summary>
    public static void CheckNRules(CompiledRuleSet rules, IEnumerable<string> channels, List<RuleProblem> problems)
    {
        var lines = EdgeInputs.Lines.Select(l => new LineCandidates(l.Fact, EdgeInputs.Locations.Select(x => x.Fact).ToList())).ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var channel in channels)
        {
            foreach (var (label, order) in EdgeInputs.Orders)
            {
                foreach (var (customerLabel, customer) in EdgeInputs.Customers)
                {
                    var input = new RuleInput(order with { Channel = channel }, customer, lines);
                    foreach (var failure in RuleEvaluator.Evaluate(rules, input, useJson: false).Failures)
                    {
                        if (seen.Add(failure.Rule))
                        {
                            problems.Add(new RuleProblem("nrules", failure.Rule,
                                $"the rule throws {failure.Error} for channel '{channel}', {label}, {customerLabel} with every edge line and location"));
                        }
                    }
                }
            }
        }
    }

    private static (string Error, string Input)? FirstThrow(CompiledJsonRule rule)
    {
        if (rule.Kind.Scope == RuleScope.ReturnLine)
        {
            return FirstThrowOnAReturn(rule);
        }

        var perCandidate = rule.Kind.Scope == RuleScope.Candidate;
        var perLine = perCandidate || rule.Kind.Scope == RuleScope.Line;
        object[] args = perCandidate ? new object[4] : perLine ? new object[3] : new object[2];
        foreach (var (orderLabel, order) in EdgeInputs.Orders)
        {
            foreach (var (customerLabel, customer) in EdgeInputs.Customers)
            {
                args[0] = order;
                args[1] = customer;
                if (!perLine)
                {
                    if (Throws(rule, args) is { } error)
                    {
                        return (error, $"{orderLabel}, {customerLabel}");
                    }

                    continue;
                }

                foreach (var (lineLabel, line) in EdgeInputs.Lines)
                {
                    args[2] = line;
                    if (!perCandidate)
                    {
                        if (Throws(rule, args) is { } error)
                        {
                            return (error, $"{orderLabel}, {customerLabel}, {lineLabel}");
                        }

                        continue;
                    }

                    foreach (var (locationLabel, location) in EdgeInputs.Locations)
                    {
                        args[3] = location;
                        if (Throws(rule, args) is { } error)
                        {
                            return (error, $"{orderLabel}, {customerLabel}, {lineLabel}, {locationLabel}");
                        }
                    }
                }
            }
        }

        return null;
    }

    private static (string Error, string Input)? FirstThrowOnAReturn(CompiledJsonRule rule)
    {
        var args = new object[3];
        foreach (var (returnLabel, rma) in EdgeInputs.Returns)
        {
            foreach (var (customerLabel, customer) in EdgeInputs.Customers)
            {
                foreach (var (lineLabel, line) in EdgeInputs.ReturnLines)
                {
                    (args[0], args[1], args[2]) = (rma, customer, line);
                    if (Throws(rule, args) is { } error)
                    {
                        return (error, $"{returnLabel}, {customerLabel}, {lineLabel}");
                    }
                }
            }
        }

        return null;
    }

    private static string? Throws(CompiledJsonRule rule, object[] args)
    {
        try
        {
            rule.Condition(args);
            return null;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return $"{exception.GetType().Name} ({exception.Message})";
        }
    }
}

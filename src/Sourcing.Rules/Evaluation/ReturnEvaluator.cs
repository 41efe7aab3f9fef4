using System.Globalization;
using Sourcing.Rules.Facts;
using Sourcing.Rules.Json;
using Sourcing.Rules.Kinds;
using Sourcing.Rules.Loading;

namespace Sourcing.Rules.Evaluation;

/// <summary>
/// Runs the return rules of a compiled set over the lines of one return. Per line: refused when any refusing rule holds
/// (every such rule is listed), the highest restocking fee. For the return: an instant refund or goods sent ahead when
/// for every line some rule grants it, and the smallest return-within days given. A rule that throws never decides in
/// the customer's favour: a refusing rule refuses the line, a granting rule grants nothing, a fee rule is ignored, and
/// the explanation names the rule.
/// </summary>
public static class ReturnEvaluator
{
    public static ReturnPolicyOutcome Evaluate(CompiledRuleSet rules, ReturnFact rma, CustomerFact customer, IReadOnlyList<ReturnLineFact> lines)
    {
        var returnRules = rules.RulesOf(ReturnKind.Kind);
        var explanation = new List<string>();
        var failed = new List<string>();
        var outcomes = new List<ReturnLineOutcome>(lines.Count);
        var instantGrants = new List<CompiledJsonRule?>();
        var aheadGrants = new List<CompiledJsonRule?>();
        (int Days, CompiledJsonRule Rule)? within = null;
        object[] args = [rma, customer, null!];
        foreach (var line in lines)
        {
            args[2] = line;
            var refusals = new List<ReturnRefusal>();
            (long BasisPoints, CompiledJsonRule? Rule) fee = (0, null);
            CompiledJsonRule? instant = null;
            CompiledJsonRule? ahead = null;
            foreach (var rule in returnRules)
            {
                var effect = rule.Effect;
                bool holds;
                try
                {
                    holds = rule.Condition(args);
                }
                catch (Exception exception) when (exception is not OutOfMemoryException)
                {
                    if (!failed.Contains(rule.Name))
                    {
                        failed.Add(rule.Name);
                    }

                    explanation.Add($"line {line.LineId}: the rule {rule.Name} failed ({Shorten(exception)}); {FailureEffect(effect)}");
                    if (effect.Has(ReturnKind.Refuse))
                    {
                        refusals.Add(new ReturnRefusal(rule.Name, $"The return policy could not be checked for this item (rule {rule.Name} failed); a service agent can decide."));
                    }

                    continue;
                }

                if (!holds)
                {
                    continue;
                }

                if (effect.Has(ReturnKind.Refuse))
                {
                    refusals.Add(new ReturnRefusal(rule.Name, rule.Reason));
                    explanation.Add($"line {line.LineId}: refused by {rule.Name}: {rule.Reason}");
                }

                if (effect.Has(ReturnKind.RestockingFeeBasisPoints) && (fee.Rule is null || effect.Number(ReturnKind.RestockingFeeBasisPoints) > fee.BasisPoints))
                {
                    fee = (effect.Number(ReturnKind.RestockingFeeBasisPoints), rule);
                }

                instant ??= effect.Has(ReturnKind.InstantRefund) ? rule : null;
                ahead ??= effect.Has(ReturnKind.ShipBeforeReturn) ? rule : null;
                if (effect.Has(ReturnKind.ReturnWithinDays) && (within is null || effect.Number(ReturnKind.ReturnWithinDays) < within.Value.Days))
                {
                    within = ((int)effect.Number(ReturnKind.ReturnWithinDays), rule);
                }
            }

            if (fee.Rule is { } feeRule)
            {
                explanation.Add(string.Create(CultureInfo.InvariantCulture, $"line {line.LineId}: restocking fee {fee.BasisPoints / 100m:0.##} % by {feeRule.Name}: {feeRule.Reason}"));
            }

            instantGrants.Add(instant);
            aheadGrants.Add(ahead);
            outcomes.Add(new ReturnLineOutcome(line.LineId, refusals, (int)fee.BasisPoints));
        }

        var instantRefund = Granted("instant refund", instantGrants, lines, explanation);
        var shipBeforeReturn = Granted("shipping ahead of the return", aheadGrants, lines, explanation);
        if (within is { } days)
        {
            explanation.Add($"goods sent or refunded ahead must be back within {days.Days} days ({days.Rule.Name}: {days.Rule.Reason})");
        }

        return new ReturnPolicyOutcome(rules.Version, outcomes, instantRefund, shipBeforeReturn, within?.Days, explanation, failed);
    }

    /// <summary>Granted for the return only when some rule grants it for each line; the explanation says which line was not covered.</summary>
    private static bool Granted(string what, List<CompiledJsonRule?> grants, IReadOnlyList<ReturnLineFact> lines, List<string> explanation)
    {
        if (grants.Count == 0 || grants.All(g => g is null))
        {
            return false;
        }

        var uncovered = grants.IndexOf(null);
        if (uncovered >= 0)
        {
            explanation.Add($"no {what}: no rule grants it for line {lines[uncovered].LineId}");
            return false;
        }

        explanation.Add($"{what} granted by {string.Join(", ", grants.Select(g => g!.Name).Distinct())}: {grants[0]!.Reason}");
        return true;
    }

    private static string FailureEffect(RuleEffect effect) =>
        effect.Has(ReturnKind.Refuse) ? "a refusing rule that fails refuses the line"
        : effect.Has(ReturnKind.InstantRefund) || effect.Has(ReturnKind.ShipBeforeReturn) ? "a rule that fails grants nothing"
        : "the rule is ignored for this line";

    private static string Shorten(Exception exception)
    {
        var error = exception.GetType().Name + ": " + exception.Message;
        return error.Length <= 200 ? error : error[..200] + "…";
    }
}

using System.Linq.Expressions;
using System.Text.Json;
using FastExpressionCompiler;
using RulesEngine.ExpressionBuilders;
using RulesEngine.Models;
using Sourcing.Rules.Kinds;
using Sourcing.Rules.Loading;

namespace Sourcing.Rules.Json;

/// <summary>
/// Reads RulesEngine workflow files strictly, checks every expression's words against <see cref="ExpressionSafety"/>,
/// parses it with RulesEngine's own expression parser, checks the parsed tree against <see cref="ExpressionTreeSafety"/>
/// and compiles that same tree into a delegate, once, at load. Evaluating an order then only calls delegates: nothing is
/// parsed or compiled per order.
/// </summary>
internal static class JsonRuleCompiler
{
    private static readonly ReSettings Settings = new()
    {
        CustomTypes = [typeof(RuleHelpers)],
        UseFastExpressionCompiler = true,
        EnableExceptionAsErrorMessage = false,
    };

    /// <summary>
    /// One parser for every load: constructing one cost about 40 ms (measured), once per file per reload and per
    /// ValidateRuleFile call. Locked because a reload and a validation may parse at the same time.
    /// </summary>
    private static readonly RuleExpressionParser Parser = new(Settings);

    /// <summary>
    /// JSON <c>null</c> passes the deserializer's required-member check: a file with <c>"Rules": null</c>, a null rule or
    /// a null name or expression is refused here, by position, before anything reads it.
    /// </summary>
    private static string? MissingPart(WorkflowFile workflow)
    {
        if (workflow.WorkflowName is null)
        {
            return "WorkflowName is required";
        }

        if (workflow.Rules is null)
        {
            return "Rules is required (a list of rules)";
        }

        for (var i = 0; i < workflow.Rules.Count; i++)
        {
            var rule = workflow.Rules[i];
            if (rule is null || rule.RuleName is null || rule.Expression is null)
            {
                return $"Rules[{i}] needs a RuleName and an Expression";
            }
        }

        return null;
    }

    /// <summary>Compiles one file's text; adds each problem to <paramref name="problems"/> and returns the good rules.</summary>
    /// <param name="kinds">The kinds a WorkflowName may select, by prefix.</param>
    public static List<CompiledJsonRule> Compile(string file, string json, IReadOnlyList<RuleKind> kinds, List<RuleProblem> problems)
    {
        WorkflowFile? workflow;
        try
        {
            workflow = JsonSerializer.Deserialize<WorkflowFile>(json, WorkflowJson.Strict);
        }
        catch (JsonException exception)
        {
            problems.Add(new RuleProblem(file, RuleAt(json, exception.Path), $"malformed or unknown JSON at {exception.Path ?? "the start"}: {FirstSentence(exception.Message)}"));
            return [];
        }

        if (workflow is null)
        {
            problems.Add(new RuleProblem(file, null, "the file is empty"));
            return [];
        }

        if (MissingPart(workflow) is { } missing)
        {
            problems.Add(new RuleProblem(file, null, missing));
            return [];
        }

        var prefix = workflow.WorkflowName.Split('.')[0];
        if (kinds.FirstOrDefault(k => k.Prefix == prefix) is not { } kind)
        {
            problems.Add(new RuleProblem(file, null, $"WorkflowName '{RuleLimits.Shorten(workflow.WorkflowName, RuleLimits.MaxRuleNameLength)}' must start with one of: {string.Join(", ", kinds.Select(k => k.Prefix))}"));
            return [];
        }

        if (workflow.Rules.Count > RuleLimits.MaxRulesPerFile)
        {
            problems.Add(new RuleProblem(file, null, $"the file holds {workflow.Rules.Count} rules; at most {RuleLimits.MaxRulesPerFile} are allowed per file"));
            return [];
        }

        var compiled = new List<CompiledJsonRule>();
        var inputs = kind.Facts;
        var facts = inputs.Select(i => Expression.Parameter(i.Type, i.Name)).ToArray();
        foreach (var rule in workflow.Rules)
        {
            var problem = Check(rule, kind, inputs.Select(i => i.Name).ToList());
            var effect = RuleEffect.Parse(kind, rule.Properties ?? [], out var effectProblem);
            var onFailure = RuleEffect.ParseFailurePolicy(kind, rule.Properties ?? [], out var policyProblem);
            problem ??= effectProblem ?? policyProblem;
            if (problem is null)
            {
                Expression? body = null;
                try
                {
                    lock (Parser)
                    {
                        body = Parser.Parse(rule.Expression, facts, typeof(bool));
                    }
                }
                catch (Exception exception) when (exception is not OutOfMemoryException)
                {
                    problem = $"the expression does not compile: {FirstSentence(exception.Message)}";
                }

                problem ??= ExpressionTreeSafety.Check(body!, facts);
                if (problem is null && rule.Enabled)
                {
                    compiled.Add(new CompiledJsonRule(rule.RuleName, kind, file, rule.SuccessEvent ?? rule.RuleName, CompileChecked(body!, facts), effect, onFailure));
                }
            }

            if (problem is not null)
            {
                problems.Add(new RuleProblem(file, rule.RuleName, problem));
            }
        }

        return compiled;
    }

    private static string? Check(RuleEntry rule, RuleKind kind, List<string> facts)
    {
        if (string.IsNullOrWhiteSpace(rule.RuleName))
        {
            return "RuleName is empty";
        }

        if (rule.RuleName.Length > RuleLimits.MaxRuleNameLength)
        {
            return $"RuleName is {rule.RuleName.Length} characters long; at most {RuleLimits.MaxRuleNameLength} are allowed";
        }

        if (rule.RuleExpressionType is not (null or "LambdaExpression"))
        {
            return $"RuleExpressionType '{rule.RuleExpressionType}' is not supported; use LambdaExpression";
        }

        if (kind.NeedsReason && string.IsNullOrWhiteSpace(rule.SuccessEvent))
        {
            return "SuccessEvent must say why, in words a customer-service agent can repeat";
        }

        return ExpressionSafety.Check(rule.Expression, facts);
    }

    /// <summary>
    /// Compiles the very tree that was checked (not a second parse of the text) into the shape RulesEngine uses: one
    /// object[] of facts, each cast to its type.
    /// </summary>
    private static Func<object[], bool> CompileChecked(Expression body, ParameterExpression[] facts)
    {
        var args = Expression.Parameter(typeof(object[]), "facts");
        var bind = facts.Select((fact, i) => (Expression)Expression.Assign(fact, Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(i)), fact.Type)));
        var lambda = Expression.Lambda<Func<object[], bool>>(Expression.Block(facts, bind.Append(body)), args);
        return lambda.CompileFast();
    }

    /// <summary>The RuleName of the rule a JSON error path points into, e.g. "$.Rules[1].Expresion".</summary>
    private static string? RuleAt(string json, string? path)
    {
        var match = path is null ? null : System.Text.RegularExpressions.Regex.Match(path, @"^\$\.Rules\[(\d+)\]");
        if (match is not { Success: true })
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var rule = document.RootElement.GetProperty("Rules")[int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)];
            return rule.TryGetProperty("RuleName", out var name) ? name.GetString() : $"Rules[{match.Groups[1].Value}]";
        }
        catch (JsonException)
        {
            // The file does not parse at all: no rule can be named.
            return null;
        }
        catch (Exception exception) when (exception is KeyNotFoundException or IndexOutOfRangeException or InvalidOperationException)
        {
            return $"Rules[{match.Groups[1].Value}]";
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}

using NRules;
using NRules.Fluent;
using Sourcing.Rules.Loading;

namespace Sourcing.Rules.NRulesSets;

/// <summary>Compiles one session factory per distinct combination of rule sets, once; a session per evaluation.</summary>
internal static class NRulesCompiler
{
    public static ISessionFactory? Compile(IReadOnlyCollection<string> ruleSets, List<RuleProblem> problems)
    {
        var unknown = ruleSets.Except(RuleSetTags.All).ToList();
        if (unknown.Count > 0)
        {
            problems.Add(new RuleProblem("configuration", null, $"unknown NRules rule set(s) {string.Join(", ", unknown)}; known: {string.Join(", ", RuleSetTags.All)}"));
            return null;
        }

        if (ruleSets.Count == 0)
        {
            return null;
        }

        var repository = new RuleRepository();
        repository.Load(spec => spec.From(typeof(NRulesCompiler).Assembly).Where(rule => rule.Tags.Any(ruleSets.Contains)));
        return repository.Compile();
    }

    /// <summary>Name, description and rule set of every NRules rule in this assembly.</summary>
    public static IEnumerable<(string Name, string Description, string RuleSet)> Describe()
    {
        var repository = new RuleRepository();
        repository.Load(spec => spec.From(typeof(NRulesCompiler).Assembly));
        return repository.GetRules().Select(rule => (rule.Name, rule.Description, rule.Tags.FirstOrDefault() ?? ""));
    }
}

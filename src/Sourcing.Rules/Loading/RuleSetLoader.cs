using System.Security.Cryptography;
using System.Text;
using NRules;
using Sourcing.Rules.Json;
using Sourcing.Rules.Kinds;
using Sourcing.Rules.NRulesSets;

namespace Sourcing.Rules.Loading;

/// <summary>
/// Builds a <see cref="CompiledRuleSet"/> from a folder of JSON workflows and the NRules configuration. Every file is
/// read, checked and compiled before anything is returned; any problem anywhere refuses the whole set, listing all
/// problems with file, rule and reason.
/// </summary>
public static class RuleSetLoader
{
    public const string ScenariosFolder = "scenarios";

    public static CompiledRuleSet Load(string directory, RulesOptions options) =>
        Build(ReadFiles(directory), options, RuleKinds.All);

    /// <summary>Loads with a list of kinds other than <see cref="RuleKinds.All"/>: a kind being tried out.</summary>
    internal static CompiledRuleSet Load(string directory, RulesOptions options, IReadOnlyList<RuleKind> kinds) =>
        Build(ReadFiles(directory), options, kinds);

    /// <summary>
    /// Checks <paramref name="candidateJson"/> as if it were saved as <paramref name="fileName"/> in
    /// <paramref name="directory"/>, together with the other files, without applying anything. Returns the problems.
    /// </summary>
    public static IReadOnlyList<RuleProblem> Validate(string directory, RulesOptions options, string fileName, string candidateJson)
    {
        try
        {
            var files = ReadFiles(directory);
            files[fileName] = candidateJson;
            Build(files, options, RuleKinds.All);
            return [];
        }
        catch (RuleSetException refused)
        {
            return refused.Problems;
        }
        catch (IOException exception)
        {
            return [new RuleProblem(".", null, "could not read the rule files: " + exception.Message.Replace(directory, ".", StringComparison.Ordinal))];
        }
    }

    /// <summary>Every *.json under the folder except scenarios, keyed by path relative to it (with '/').</summary>
    public static SortedDictionary<string, string> ReadFiles(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            throw new RuleSetException([new RuleProblem(".", null, "the rules folder does not exist")]);
        }

        // Sizes are checked before anything is read: a huge file or folder is refused without loading it.
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<RuleProblem>();
        foreach (var path in System.IO.Directory.EnumerateFiles(directory, "*.json", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(directory, path).Replace('\\', '/');
            if (relative.StartsWith(ScenariosFolder + "/", StringComparison.Ordinal))
            {
                continue;
            }

            if (files.Count + problems.Count >= RuleLimits.MaxFiles)
            {
                throw new RuleSetException([new RuleProblem(".", null, $"the rules folder holds more than {RuleLimits.MaxFiles} rule files; merge some")]);
            }

            var bytes = new FileInfo(path).Length;
            if (bytes > RuleLimits.MaxFileBytes)
            {
                problems.Add(TooLarge(relative, bytes));
                continue;
            }

            files[relative] = File.ReadAllText(path);
        }

        return problems.Count == 0 ? files : throw new RuleSetException(problems);
    }

    private static CompiledRuleSet Build(SortedDictionary<string, string> files, RulesOptions options, IReadOnlyList<RuleKind> kinds)
    {
        var problems = new List<RuleProblem>();
        var jsonRules = new List<CompiledJsonRule>();
        if (files.Count > RuleLimits.MaxFiles)
        {
            throw new RuleSetException([new RuleProblem(".", null, $"the rules folder would hold more than {RuleLimits.MaxFiles} rule files; merge some")]);
        }

        foreach (var (file, json) in files)
        {
            var bytes = System.Text.Encoding.UTF8.GetByteCount(json);
            if (bytes > RuleLimits.MaxFileBytes)
            {
                problems.Add(TooLarge(file, bytes));
                continue;
            }

            jsonRules.AddRange(JsonRuleCompiler.Compile(file, json, kinds, problems));
            if (jsonRules.Count > RuleLimits.MaxRules)
            {
                // Stop compiling: the set is refused anyway, and compiling the rest is the expensive part.
                problems.Add(new RuleProblem(file, null, $"the rule files hold more than {RuleLimits.MaxRules} rules together; this file goes over the limit"));
                throw new RuleSetException(problems);
            }
        }

        var nrules = NRulesCompiler.Describe().ToList();
        var names = jsonRules.Select(r => (r.Name, Origin: r.File)).Concat(nrules.Select(r => (r.Name, Origin: "nrules:" + r.RuleSet)));
        foreach (var duplicate in names.GroupBy(n => n.Name).Where(g => g.Count() > 1))
        {
            problems.Add(new RuleProblem(duplicate.First().Origin, duplicate.Key, $"the rule name is used more than once ({string.Join(", ", duplicate.Select(d => d.Origin))}); decisions name rules, so names must be unique"));
        }

        // One compiled factory per distinct combination of rule sets: channels sharing sets share the factory.
        var factories = new Dictionary<string, ISessionFactory?>(StringComparer.Ordinal);
        ISessionFactory? FactoryFor(string[] sets)
        {
            var key = string.Join(",", sets.Distinct().Order(StringComparer.Ordinal));
            if (!factories.TryGetValue(key, out var factory))
            {
                factories[key] = factory = NRulesCompiler.Compile(sets.Distinct().ToList(), problems);
            }

            return factory;
        }

        var defaultFactory = FactoryFor(options.DefaultRuleSets);
        var byChannel = options.ChannelRuleSets.ToDictionary(c => c.Key, c => FactoryFor(c.Value), StringComparer.Ordinal);
        RuleProbe.CheckJson(jsonRules, problems);
        if (problems.Count > 0)
        {
            throw new RuleSetException(problems);
        }

        var rules = jsonRules.Select(r => new RuleInfo(r.Name, r.Kind.Prefix, r.File, r.Reason))
            .Concat(nrules.Select(r => new RuleInfo(r.Name, "nrules", "nrules:" + r.RuleSet, r.Description)))
            .ToList();
        var byKind = jsonRules.OrderBy(r => IndexOf(kinds, r.Kind)).ToList();
        var compiled = new CompiledRuleSet(Version(files, options), byKind, byChannel, defaultFactory, rules);
        // A configured channel plus one that is not: the latter runs the default rule sets.
        RuleProbe.CheckNRules(compiled, options.ChannelRuleSets.Keys.Append("edge-unlisted-channel"), problems);
        if (problems.Count > 0)
        {
            throw new RuleSetException(problems);
        }

        RuleSetPriming.Prime(compiled);
        return compiled;
    }

    private static int IndexOf(IReadOnlyList<RuleKind> kinds, RuleKind kind)
    {
        for (var i = 0; i < kinds.Count; i++)
        {
            if (kinds[i] == kind)
            {
                return i;
            }
        }

        return kinds.Count;
    }

    private static RuleProblem TooLarge(string file, long bytes) =>
        new(file, null, $"the file is {bytes / 1024} KB; at most {RuleLimits.MaxFileBytes / 1024} KB are allowed");

    private static string Version(SortedDictionary<string, string> files, RulesOptions options)
    {
        var content = new StringBuilder();
        foreach (var (file, json) in files)
        {
            content.Append(file).Append('\0').Append(json).Append('\0');
        }

        content.Append("nrules:").Append(string.Join(",", options.DefaultRuleSets.Order(StringComparer.Ordinal)));
        foreach (var (channel, sets) in options.ChannelRuleSets.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            content.Append(';').Append(channel).Append('=').Append(string.Join(",", sets.Order(StringComparer.Ordinal)));
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content.ToString())))[..16];
    }
}

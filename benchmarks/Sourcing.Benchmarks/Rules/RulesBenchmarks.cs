using BenchmarkDotNet.Attributes;
using Sourcing.Rules.Evaluation;
using Sourcing.Rules.Facts;
using Sourcing.Rules.Loading;
using Sourcing.Testing;

namespace Sourcing.Benchmarks.Rules;

/// <summary>The real rules/ folder, one 5-line order against 50 locations; JSON workflows and NRules measured apart.</summary>
[MemoryDiagnoser]
public class RulesBenchmarks
{
    private CompiledRuleSet _rules = null!;
    private RuleInput _input = null!;

    [GlobalSetup]
    public void Setup()
    {
        _rules = RuleSetLoader.Load(RepositoryPaths.RulesDirectory, new RulesOptions { WatchFiles = false });
        _input = RuleBenchmarkInput.FiveLinesFiftyLocations();
    }

    [Benchmark(Description = "JSON workflows: 5 lines x 50 locations")]
    public RuleDirectives JsonWorkflows() => RuleEvaluator.Evaluate(_rules, _input, useJson: true, useNRules: false);

    [Benchmark(Description = "NRules rule sets: 5 lines x 50 locations")]
    public RuleDirectives NRulesSets() => RuleEvaluator.Evaluate(_rules, _input, useJson: false, useNRules: true);

    [Benchmark(Description = "Both, as the sourcing path calls them")]
    public RuleDirectives Both() => RuleEvaluator.Evaluate(_rules, _input);
}

/// <summary>
/// The first evaluation right after a reload (a fresh compiled set from the same folder), one invocation per iteration,
/// to compare with a warm one from <see cref="RulesBenchmarks"/>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(invocationCount: 1, iterationCount: 40, warmupCount: 3)]
public class RulesReloadBenchmarks
{
    private RuleInput _input = null!;
    private CompiledRuleSet _warm = null!;
    private CompiledRuleSet _fresh = null!;

    [GlobalSetup]
    public void Setup()
    {
        _input = RuleBenchmarkInput.FiveLinesFiftyLocations();
        _warm = RuleSetLoader.Load(RepositoryPaths.RulesDirectory, new RulesOptions { WatchFiles = false });
        for (var i = 0; i < 100; i++)
        {
            RuleEvaluator.Evaluate(_warm, _input);
        }
    }

    // The same reload work before both benchmarks, so their only difference is whether the evaluated set is the new one.
    [IterationSetup]
    public void Reload() => _fresh = RuleSetLoader.Load(RepositoryPaths.RulesDirectory, new RulesOptions { WatchFiles = false });

    [Benchmark(Baseline = true, Description = "Warm evaluation, measured the same way (JSON + NRules)")]
    public RuleDirectives WarmEvaluation() => RuleEvaluator.Evaluate(_warm, _input);

    [Benchmark(Description = "First evaluation after a reload (JSON + NRules)")]
    public RuleDirectives FirstEvaluation() => RuleEvaluator.Evaluate(_fresh, _input);
}

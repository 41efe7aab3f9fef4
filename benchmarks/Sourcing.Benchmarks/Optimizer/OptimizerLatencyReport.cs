using System.Diagnostics;
using Sourcing.Optimizer;
using Sourcing.Optimizer.Model;
using Sourcing.Testing;

namespace Sourcing.Benchmarks.Optimizer;

/// <summary>
/// Solve time per instance over many seeded instances of each size, as percentiles, with the share proven optimal and
/// the worst gap; then the same under a 20 ms deadline, to show it is honoured. BenchmarkDotNet averages invocations
/// within an iteration, which hides exactly the per-order tail this report is about.
/// </summary>
internal static class OptimizerLatencyReport
{
    private static readonly (int Lines, int Locations, int Instances)[] Sizes = [(3, 10, 1000), (10, 50, 1000), (20, 200, 300), (50, 500, 100), (100, 1000, 60)];

    public static void Run(string[] args)
    {
        var deadline = TimeSpan.FromMilliseconds(args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 50);
        var extra = args.Length > 1 && args[1].Length > 0 ? args[1] : null;
        var only = args.Length > 2 ? args[2] : null;
        Warm();
        Console.WriteLine($"deadline {deadline.TotalMilliseconds} ms{(extra is null ? "" : ", extra parameters " + extra)}");
        Console.WriteLine("| size | instances | p50 ms | p90 ms | p99 ms | max ms | proven optimal | worst gap | greedy+bound | fallback | arcs kept | build ms | search ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (lines, locations, instances) in Sizes.Where(s => only is null || $"{s.Lines}x{s.Locations}" == only))
        {
            var times = new List<double>();
            int optimal = 0, byBound = 0, fallback = 0, solved = 0;
            double arcsKept = 0, buildMs = 0, searchMs = 0;
            var worstGap = 0.0;
            for (var seed = 1; seed <= instances; seed++)
            {
                var problem = OptimizerInstances.Realistic(seed, lines, locations);
                var clock = Stopwatch.StartNew();
                var plan = SourcingOptimizer.Solve(problem, new SolveOptions { Deadline = deadline, ExtraSolverParameters = extra });
                times.Add(clock.Elapsed.TotalMilliseconds);
                if (Environment.GetEnvironmentVariable("REPORT_SLOW") is not null && clock.Elapsed > deadline + TimeSpan.FromMilliseconds(5))
                {
                    Console.WriteLine($"slow seed {seed}: total {clock.Elapsed.TotalMilliseconds:0.0} {plan.Statistics}");
                }
                optimal += plan.Status == SolveStatus.Optimal ? 1 : 0;
                byBound += plan.Method == "greedy+bound" ? 1 : 0;
                fallback += plan.Status == SolveStatus.HeuristicFallback ? 1 : 0;
                worstGap = Math.Max(worstGap, plan.Gap ?? 1);
                if (plan.Statistics is { } statistics)
                {
                    solved++;
                    arcsKept += (double)statistics.ModelArcs / Math.Max(1, statistics.CandidateArcs);
                    buildMs += statistics.BuildTime.TotalMilliseconds;
                    searchMs += statistics.SearchTime.TotalMilliseconds;
                }
            }

            times.Sort();
            Console.WriteLine(
                $"| {lines}x{locations} | {instances} | {Percentile(times, 50):0.00} | {Percentile(times, 90):0.00} | {Percentile(times, 99):0.00} | {times[^1]:0.00} " +
                $"| {100.0 * optimal / instances:0.0}% | {100 * worstGap:0.00}% | {100.0 * byBound / instances:0.0}% | {100.0 * fallback / instances:0.0}% " +
                $"| {100 * arcsKept / Math.Max(1, solved):0}% | {buildMs / Math.Max(1, solved):0.00} | {searchMs / Math.Max(1, solved):0.00} |");
        }
    }

    internal static double Percentile(List<double> sorted, double percent) =>
        sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>
    /// The first solves load OR-Tools' native library and run the model code unoptimised until tiered JIT promotes it:
    /// pay that before measuring, at every size (the service does the same at start-up).
    /// </summary>
    internal static void Warm()
    {
        foreach (var (lines, locations, _) in Sizes)
        {
            for (var seed = 1; seed <= 40; seed++)
            {
                SourcingOptimizer.Solve(OptimizerInstances.Realistic(10_000 + seed, lines, locations));
            }
        }
    }
}

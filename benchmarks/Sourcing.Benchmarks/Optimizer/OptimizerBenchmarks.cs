using BenchmarkDotNet.Attributes;
using Sourcing.Optimizer;
using Sourcing.Optimizer.Model;
using Sourcing.Testing;

namespace Sourcing.Benchmarks.Optimizer;

/// <summary>
/// One order solved per invocation, cycling through 64 seeded instances of each size (distance-based costs over
/// Germany), under a 50 ms deadline. Per-instance percentiles and optimality rates: the optimizer-latency report.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 5, iterationCount: 30)]
public class OptimizerBenchmarks
{
    private const int Instances = 64;
    private static readonly SolveOptions Options = new() { Deadline = TimeSpan.FromMilliseconds(50) };

    private SourcingProblem[] _problems = null!;
    private int _next;

    [Params("3x10", "10x50", "20x200", "50x500")]
    public string Size { get; set; } = "10x50";

    [GlobalSetup]
    public void Setup()
    {
        var parts = Size.Split('x');
        var (lines, locations) = (int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
        _problems = Enumerable.Range(1, Instances).Select(seed => OptimizerInstances.Realistic(seed, lines, locations)).ToArray();
        foreach (var problem in _problems)
        {
            SourcingOptimizer.Solve(problem, Options);
        }
    }

    [Benchmark(Description = "Solve one order (CP-SAT, 50 ms deadline)")]
    public SourcingPlan Solve() => SourcingOptimizer.Solve(_problems[_next++ % Instances], Options);
}

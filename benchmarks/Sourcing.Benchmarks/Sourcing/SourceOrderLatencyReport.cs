using Sourcing.V1;

namespace Sourcing.Benchmarks.Sourcing;

/// <summary>Per-call percentiles of SourceOrder and of the two floors, sequential calls, after a warm-up.</summary>
internal static class SourceOrderLatencyReport
{
    public static void Run(string[] args)
    {
        var calls = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 2_000;
        using var fixture = new SourceOrderFixture();
        var redis = fixture.Redis.GetDatabase();
        var scenarios = new (string Name, Func<Task> Call)[]
        {
            ("SourceOrder: 5 lines x 50 locations, reserve", () => fixture.Sourcing.SourceOrderAsync(fixture.NextOrder()).ResponseAsync),
            ("gRPC echo (GetRulesVersion)", () => fixture.Rules.GetRulesVersionAsync(new GetRulesVersionRequest()).ResponseAsync),
            ("Bare Redis script (EVAL return 1)", () => redis.ScriptEvaluateAsync("return 1")),
        };
        Console.WriteLine($"{calls} sequential calls each, after 200 warm-up calls");
        Console.WriteLine("| call | p50 ms | p90 ms | p99 ms | max ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var (name, call) in scenarios)
        {
            var times = LatencyTable.Time(call, calls);
            if (name.StartsWith("SourceOrder", StringComparison.Ordinal))
            {
                var methods = Enumerable.Range(0, 200).Select(_ => fixture.Sourcing.SourceOrder(fixture.NextOrder()))
                    .GroupBy(r => $"{r.Solver.Method}/{r.Solver.Status}/{r.Shipments.Count} shipments").Select(g => $"{g.Key}: {g.Count()}");
                Console.Error.WriteLine("solver paths over 200 more orders: " + string.Join(", ", methods));
            }

            Console.WriteLine($"| {name} | {LatencyTable.Percentiles(times)} |");
        }
    }
}

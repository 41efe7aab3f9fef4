using System.Diagnostics;
using Npgsql;
using Sourcing.Benchmarks.Optimizer;

namespace Sourcing.Benchmarks.Orders;

/// <summary>
/// <c>order-latency [calls]</c>: per-call percentiles of CreateOrder (5 lines, stored, sourced and held) next to
/// SourceOrder alone (the same basket, reserving) and the PostgreSQL floors measured in the same run: a SELECT 1
/// round trip and an INSERT + COMMIT of one row. Sequential calls after a warm-up.
/// </summary>
internal static class OrderLatencyReport
{
    public static void Run(string[] args)
    {
        var calls = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 2_000;
        using var fixture = new OrderCaptureFixture();
        using var connection = fixture.OpenConnection();
        using (var create = new NpgsqlCommand("CREATE TABLE floor_probe (id bigint PRIMARY KEY, at timestamptz NOT NULL)", connection))
        {
            create.ExecuteNonQuery();
        }

        long probe = 0;
        var scenarios = new (string Name, Func<Task> Call)[]
        {
            ("CreateOrder: 5 lines x 50 locations, stored + sourced + held", () => fixture.Host.Orders.CreateOrderAsync(fixture.NextOrder()).ResponseAsync),
            ("SourceOrder alone: same basket, reserve", () => fixture.Host.Sourcing.SourceOrderAsync(fixture.Host.NextOrder()).ResponseAsync),
            ("PostgreSQL floor: SELECT 1", async () =>
            {
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync();
            }),
            ("PostgreSQL floor: INSERT + COMMIT of one row", async () =>
            {
                await using var command = new NpgsqlCommand("INSERT INTO floor_probe VALUES ($1, now())", connection);
                command.Parameters.AddWithValue(Interlocked.Increment(ref probe));
                await command.ExecuteNonQueryAsync();
            }),
        };

        Console.WriteLine($"{calls} sequential calls each, after 200 warm-up calls");
        Console.WriteLine("| call | p50 ms | p90 ms | p99 ms | max ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var (name, call) in scenarios)
        {
            for (var i = 0; i < 200; i++)
            {
                call().GetAwaiter().GetResult();
            }

            var times = new List<double>(calls);
            for (var i = 0; i < calls; i++)
            {
                var clock = Stopwatch.StartNew();
                call().GetAwaiter().GetResult();
                times.Add(clock.Elapsed.TotalMilliseconds);
            }

            times.Sort();
            Console.WriteLine($"| {name} | {OptimizerLatencyReport.Percentile(times, 50):0.000} | {OptimizerLatencyReport.Percentile(times, 90):0.000} | {OptimizerLatencyReport.Percentile(times, 99):0.000} | {times[^1]:0.000} |");
        }

        var sample = fixture.Host.Orders.CreateOrder(fixture.NextOrder());
        Console.Error.WriteLine($"a sample order: status {sample.Status}, {sample.FulfilmentOrders.Count} fulfilment order(s), {sample.History.Count} events");
    }
}

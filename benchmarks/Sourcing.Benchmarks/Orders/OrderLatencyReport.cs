using Npgsql;

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
            Console.WriteLine($"| {name} | {LatencyTable.Percentiles(LatencyTable.Time(call, calls))} |");
        }

        var sample = fixture.Host.Orders.CreateOrder(fixture.NextOrder());
        Console.Error.WriteLine($"a sample order: status {sample.Status}, {sample.FulfilmentOrders.Count} fulfilment order(s), {sample.History.Count} events");
    }
}

using System.Diagnostics;
using Grpc.Core;

namespace Sourcing.Benchmarks.Orders;

/// <summary>
/// <c>order-load [callers] [seconds]</c>: closed-loop order capture — each caller sends CreateOrder (5 lines) as soon
/// as its previous one is answered — for a fixed time, with a progress line every 5 s; prints orders/s and latency
/// percentiles. PostgreSQL runs with synchronous commit on (its default).
/// </summary>
internal static class OrderLoadReport
{
    public static void Run(string[] args)
    {
        var callers = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 32;
        var seconds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 60;
        using var fixture = new OrderCaptureFixture();
        for (var i = 0; i < 200; i++)
        {
            fixture.Host.Orders.CreateOrder(fixture.NextOrder());
        }

        var times = new List<double>[callers];
        var errors = new Dictionary<StatusCode, int>();
        var total = 0;
        var run = Stopwatch.StartNew();
        var until = TimeSpan.FromSeconds(seconds);
        var workers = Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
        {
            var mine = times[c] = new List<double>(8_192);
            while (run.Elapsed < until)
            {
                var call = Stopwatch.StartNew();
                try
                {
                    await fixture.Host.Orders.CreateOrderAsync(fixture.NextOrder());
                    mine.Add(call.Elapsed.TotalMilliseconds);
                    Interlocked.Increment(ref total);
                }
                catch (RpcException failed)
                {
                    lock (errors)
                    {
                        errors[failed.StatusCode] = errors.GetValueOrDefault(failed.StatusCode) + 1;
                    }
                }
            }
        })).ToArray();

        while (!Task.WaitAll(workers, TimeSpan.FromSeconds(5)))
        {
            Console.Error.WriteLine($"{run.Elapsed.TotalSeconds,5:0}s  {Volatile.Read(ref total) / run.Elapsed.TotalSeconds,7:0.0} orders/s  errors {errors.Values.Sum()}");
        }

        var all = times.SelectMany(t => t).OrderBy(t => t).ToList();
        Console.WriteLine($"{callers} callers, {seconds} s, closed loop: {all.Count} orders, {all.Count / run.Elapsed.TotalSeconds:0.0} orders/s, " +
                          $"errors: {(errors.Count == 0 ? "none" : string.Join(", ", errors.Select(e => $"{e.Key} x{e.Value}")))}");
        Console.WriteLine("| p50 ms | p90 ms | p99 ms | max ms |");
        Console.WriteLine("|---:|---:|---:|---:|");
        Console.WriteLine($"| {LatencyTable.Percentiles(all)} |");
    }
}

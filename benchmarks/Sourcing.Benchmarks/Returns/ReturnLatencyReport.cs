using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Sourcing.Benchmarks.Optimizer;
using Sourcing.Orders.Returns;
using Sourcing.Orders.Storage.Postgres;

namespace Sourcing.Benchmarks.Returns;

/// <summary>
/// <c>return-latency [orders] [calls per phase]</c>: seeds [orders] (default 20,000) delivered 2-line orders in the
/// PostgreSQL order store (one real order created, shipped and delivered through the host, its row copied under new
/// ids), then times the real <see cref="ReturnService"/> on the real <see cref="PostgresOrderStore"/> — AuthoriseAsync
/// (a new RMA for both lines) and ReceiveAsync (both lines resellable, restocked through the stock port) — with 1 caller
/// and with 8 concurrent callers, each call on an order no other call touches; and in the same run the PostgreSQL
/// floor any order change pays: a read of one order row by primary key and an UPDATE of one row, in one transaction.
/// Every phase is warmed up first on orders of its own.
/// </summary>
internal static class ReturnLatencyReport
{
    private const int WarmUpCalls = 200;
    private static readonly int[] Concurrency = [1, 8];
    private static readonly ReturnCaller Agent = new("bench-agent", null, null, null, MayOverridePolicy: false, MayDecideRefunds: false);

    public static void Run(string[] args)
    {
        var orderCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
        var calls = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_500;
        var needed = Concurrency.Length * 2 * (WarmUpCalls + calls);
        if (orderCount < needed)
        {
            throw new ArgumentException($"{calls} calls per phase need {needed} orders; {orderCount} were asked.");
        }

        using var fixture = new ReturnBenchFixture();
        var orderIds = ReturnSeed.DeliveredOrders(fixture, orderCount);

        var storeOptions = new PostgresOrderStoreOptions { ConnectionString = fixture.ConnectionString, CommandTimeout = TimeSpan.FromSeconds(60) };
        var store = PostgresOrderStore.Create(storeOptions);
        var stock = new CountingReturnStock();
        var service = new ReturnService(
            store, new AllowAllReturnPolicy(), new OneWarehouseRouting(), stock, new NoSettlement(), new ReturnOptions(), TimeProvider.System,
            NullLogger<ReturnService>.Instance);
        var dataSource = NpgsqlDataSource.Create(fixture.ConnectionString);

        var next = 0;
        List<string> Take(int count)
        {
            var taken = orderIds.GetRange(next, count);
            next += count;
            return taken;
        }

        var rows = new List<(string Name, int Callers, Phase Result)>();
        var total = Stopwatch.StartNew();
        foreach (var callers in Concurrency)
        {
            // Warm-up at this concurrency (JIT, pool, plans), on orders the measured calls do not use.
            var warmOrders = Take(WarmUpCalls);
            var warmReturns = new ConcurrentDictionary<string, string>();
            Phase.Run(warmOrders, callers, id => AuthoriseAsync(service, id, warmReturns));
            Phase.Run(warmOrders, callers, id => ReceiveAsync(service, warmReturns[id]));
            Phase.Run(Take(WarmUpCalls), callers, id => FloorAsync(dataSource, id));

            var measured = Take(calls);
            var returns = new ConcurrentDictionary<string, string>();
            rows.Add(("ReturnService.AuthoriseAsync (RMA for 2 lines)", callers, Phase.Run(measured, callers, id => AuthoriseAsync(service, id, returns))));
            rows.Add(("ReturnService.ReceiveAsync (2 lines resellable, restocked)", callers, Phase.Run(measured, callers, id => ReceiveAsync(service, returns[id]))));
            rows.Add(("Floor: SELECT order row by key + UPDATE one row, one transaction", callers, Phase.Run(Take(calls), callers, id => FloorAsync(dataSource, id))));
        }

        var measuring = total.Elapsed;
        var returned = CountReturned(fixture);
        var saves = SavesPerReturn(fixture);
        Console.WriteLine($"{orderCount:N0} delivered 2-line orders (3 units) in PostgreSQL; per phase {calls:N0} calls on distinct orders after {WarmUpCalls} warm-up calls; policy, routing, stock: in-process fakes; settlement: no-op");
        Console.WriteLine("| call | callers | calls | per second | p50 ms | p99 ms | p99.9 ms | max ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, callers, result) in rows)
        {
            var t = result.Times;
            Console.WriteLine(
                $"| {name} | {callers} | {t.Count:N0} | {t.Count / result.Wall.TotalSeconds:N0} | {OptimizerLatencyReport.Percentile(t, 50):0.000} | " +
                $"{OptimizerLatencyReport.Percentile(t, 99):0.000} | {OptimizerLatencyReport.Percentile(t, 99.9):0.000} | {t[^1]:0.000} |");
        }

        var expectedUnits = Concurrency.Length * (WarmUpCalls + calls) * 3;
        Console.WriteLine($"Restocked units: {stock.Units:N0}, units in Returned on the orders: {returned:N0}, expected {expectedUnits:N0}; order saves per authorise + receive: {saves:0.00}; measuring took {measuring.TotalSeconds:0} s");
        dataSource.Dispose();
        store.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private static async Task AuthoriseAsync(ReturnService service, string orderId, ConcurrentDictionary<string, string> returns)
    {
        var command = new AuthoriseReturnCommand(
            orderId, "bench-rma-" + orderId, ReturnKind.Refund, "web",
            [new ReturnLineRequest("0", 1, ReturnReason.DoesNotFit, "", ""), new ReturnLineRequest("1", 2, ReturnReason.NoLongerWanted, "", "")],
            DropOffLocationId: null, RefundDestination.OriginalPayment, PolicyOverrideReason: null);
        var result = await service.AuthoriseAsync(command, Agent, CancellationToken.None);
        returns[orderId] = result.Return.Id;
    }

    private static Task ReceiveAsync(ReturnService service, string returnId) =>
        service.ReceiveAsync(
            new ReceiveReturnCommand(returnId, "bench-receipt-" + returnId, OneWarehouseRouting.LocationId,
                [new ReceivedUnits("0", UnitGrade.Resellable, 1, ""), new ReceivedUnits("1", UnitGrade.Resellable, 2, "")]),
            Agent, CancellationToken.None);

    /// <summary>What any order change must at least do: read the order's row by key, write one row back, commit.</summary>
    private static async Task FloorAsync(NpgsqlDataSource dataSource, string orderId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var read = new NpgsqlCommand("SELECT version, document::text FROM orders WHERE order_id = $1", connection, transaction))
        {
            read.Parameters.AddWithValue(orderId);
            await using var reader = await read.ExecuteReaderAsync();
            if (!await reader.ReadAsync())
            {
                throw new InvalidOperationException($"Order {orderId} is not seeded.");
            }

            _ = reader.GetString(1);
        }

        await using (var update = new NpgsqlCommand("UPDATE orders SET updated_at = now(), version = version + 1 WHERE order_id = $1", connection, transaction))
        {
            update.Parameters.AddWithValue(orderId);
            await update.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    /// <summary>The Returned units the receipts moved on the orders, read back from the stored documents.</summary>
    private static long CountReturned(ReturnBenchFixture fixture)
    {
        using var connection = fixture.OpenConnection();
        using var count = new NpgsqlCommand(
            "SELECT coalesce(sum(s.value::bigint), 0) FROM orders, jsonb_array_elements(document->'lines') l, jsonb_each_text(l->'states') s WHERE lower(s.key) = 'returned'",
            connection);
        return Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>How many times each returned order was written (its version started at 1), on average.</summary>
    private static double SavesPerReturn(ReturnBenchFixture fixture)
    {
        using var connection = fixture.OpenConnection();
        using var average = new NpgsqlCommand(
            "SELECT coalesce(avg(version - 1), 0)::float8 FROM orders WHERE order_id LIKE 'O-rseed-%' AND jsonb_array_length(document->'returns') > 0",
            connection);
        return (double)average.ExecuteScalar()!;
    }

    /// <summary>One phase: [callers] tasks taking distinct work items from one queue, each call timed.</summary>
    private sealed record Phase(List<double> Times, TimeSpan Wall)
    {
        public static Phase Run(IReadOnlyList<string> work, int callers, Func<string, Task> call)
        {
            var queue = new ConcurrentQueue<string>(work);
            var times = new ConcurrentBag<double>();
            var wall = Stopwatch.StartNew();
            var tasks = Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
            {
                while (queue.TryDequeue(out var item))
                {
                    var clock = Stopwatch.StartNew();
                    await call(item);
                    times.Add(clock.Elapsed.TotalMilliseconds);
                }
            })).ToArray();
            Task.WaitAll(tasks);
            var elapsed = wall.Elapsed;
            var sorted = times.ToList();
            sorted.Sort();
            return new Phase(sorted, elapsed);
        }
    }
}

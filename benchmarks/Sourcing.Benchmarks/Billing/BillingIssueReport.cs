using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Sourcing.Benchmarks.Orders;
using Sourcing.Orders.Billing;
using Sourcing.Orders.Billing.Invoicing;
using Sourcing.Orders.Storage.Postgres;
using Sourcing.V1;

namespace Sourcing.Benchmarks.Billing;

/// <summary>
/// <c>billing-issue [orders] [callers]</c>: creates [orders] (default 3,200) card orders through the host on PostgreSQL
/// and confirms their shipments (CreateOrder + ConfirmShipment over gRPC), then [callers] (default 16) concurrent
/// callers each take distinct orders and call the real <see cref="InvoicingService.IssueForOrderAsync"/> on the
/// PostgreSQL order and billing stores — as many shipment confirmations being invoiced at once. Next to it, in the same
/// run and database, the floor: a bare one-row INSERT + COMMIT by as many callers. Afterwards the RE numbers must be
/// exactly 1..N.
/// </summary>
internal static class BillingIssueReport
{
    private const int WarmUpOrders = 64;

    public static void Run(string[] args)
    {
        var orderCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3_200;
        var callers = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 16;
        using var fixture = new OrderCaptureFixture();
        var orderIds = PrepareShippedOrders(fixture, WarmUpOrders + orderCount);

        var storeOptions = new PostgresOrderStoreOptions { ConnectionString = fixture.ConnectionString, CommandTimeout = TimeSpan.FromSeconds(60) };
        var orders = PostgresOrderStore.Create(storeOptions);
        var billing = PostgresBillingStore.Create(storeOptions);
        var options = BillingDatabase.Options();
        var invoicing = new InvoicingService(billing, orders, options, TimeProvider.System, BillingDatabase.Log<InvoicingService>());

        // Warm-up (JIT, connection pool, plans): invoices too, so they count in the numbering check.
        var warmUp = RunCallers(orderIds.Take(WarmUpOrders).ToList(), callers, async id => (await invoicing.IssueForOrderAsync(id, CancellationToken.None)).Count);
        var issue = RunCallers(orderIds.Skip(WarmUpOrders).ToList(), callers, async id => (await invoicing.IssueForOrderAsync(id, CancellationToken.None)).Count);

        using (var connection = fixture.OpenConnection())
        {
            using var create = new NpgsqlCommand("CREATE TABLE bench_rows (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, customer_id text NOT NULL, amount_minor bigint NOT NULL)", connection);
            create.ExecuteNonQuery();
        }

        var dataSource = NpgsqlDataSource.Create(fixture.ConnectionString);
        RunCallers(Enumerable.Range(0, WarmUpOrders).Select(i => "w" + i).ToList(), callers, row => InsertAsync(dataSource, row));
        var insert = RunCallers(Enumerable.Range(0, orderCount).Select(i => "c" + i).ToList(), callers, row => InsertAsync(dataSource, row));

        var year = SellerCalendar.LocalDay(options, TimeProvider.System.GetUtcNow()).Year;
        var sequences = billing.ListSequencesAsync(options.InvoiceSeries, year, CancellationToken.None).GetAwaiter().GetResult();
        var gapless = sequences.Select((s, i) => s == i + 1).All(ok => ok);
        var issued = warmUp.Units + issue.Units;

        Console.WriteLine($"{orderCount:N0} shipped 5-line card orders (after {WarmUpOrders} warm-up orders), {callers} concurrent callers, each order invoiced once");
        Console.WriteLine("| call | calls | invoices/rows | per second | p50 ms | p90 ms | p99 ms | max ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine($"| InvoicingService.IssueForOrderAsync (order read, invoice + open item + capture request + events in one account change) | {issue.Times.Count:N0} | {issue.Units:N0} | {issue.Units / issue.Wall.TotalSeconds:N0} | {LatencyTable.Percentiles(issue.Times)} |");
        Console.WriteLine($"| Bare one-row INSERT + COMMIT | {insert.Times.Count:N0} | {insert.Units:N0} | {insert.Units / insert.Wall.TotalSeconds:N0} | {LatencyTable.Percentiles(insert.Times)} |");
        Console.WriteLine($"RE-{year} numbers: {sequences.Count:N0} in the table for {issued:N0} invoices issued, {(gapless && sequences.Count == issued ? "gapless 1.." + issued.ToString("N0", CultureInfo.InvariantCulture) : "NOT gapless")}");
        dataSource.Dispose();
        billing.DisposeAsync().AsTask().GetAwaiter().GetResult();
        orders.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private static async Task<int> InsertAsync(NpgsqlDataSource dataSource, string row)
    {
        await using var command = dataSource.CreateCommand("INSERT INTO bench_rows (customer_id, amount_minor) VALUES ($1, 11900)");
        command.Parameters.AddWithValue(row);
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>[callers] tasks taking work from one queue; each call timed. Returns the sorted times, the units the calls returned and the wall time.</summary>
    private static (List<double> Times, long Units, TimeSpan Wall) RunCallers(IReadOnlyList<string> work, int callers, Func<string, Task<int>> call)
    {
        var queue = new ConcurrentQueue<string>(work);
        var times = new ConcurrentBag<double>();
        var units = 0L;
        var wall = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            while (queue.TryDequeue(out var item))
            {
                var clock = Stopwatch.StartNew();
                var count = await call(item);
                times.Add(clock.Elapsed.TotalMilliseconds);
                Interlocked.Add(ref units, count);
            }
        })).ToArray();
        Task.WaitAll(tasks);
        var elapsed = wall.Elapsed;
        var sorted = times.ToList();
        sorted.Sort();
        return (sorted, units, elapsed);
    }

    /// <summary>Creates the orders through the host and ships every fulfilment order of each in full (8 at a time), with a progress line.</summary>
    private static List<string> PrepareShippedOrders(OrderCaptureFixture fixture, int count)
    {
        var ids = new ConcurrentBag<(int Index, string OrderId)>();
        var next = -1;
        var clock = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < count)
            {
                var order = await fixture.Host.Orders.CreateOrderAsync(fixture.NextOrder());
                foreach (var fulfilment in order.FulfilmentOrders)
                {
                    var confirm = new ConfirmShipmentRequest
                    {
                        OrderId = order.OrderId, FulfilmentOrderId = fulfilment.FulfilmentOrderId, Carrier = "DHL", TrackingNumber = "T-" + fulfilment.FulfilmentOrderId,
                    };
                    confirm.Lines.AddRange(fulfilment.Lines.Where(l => l.Remaining > 0).Select(l => new LineQuantity { LineId = l.LineId, Quantity = l.Remaining }));
                    await fixture.Host.Orders.ConfirmShipmentAsync(confirm);
                }

                ids.Add((index, order.OrderId));
                if ((index + 1) % 500 == 0)
                {
                    Console.Error.WriteLine($"prepared {index + 1:N0} / {count:N0} shipped orders in {clock.Elapsed.TotalSeconds:0} s");
                }
            }
        })).ToArray();
        Task.WaitAll(tasks);
        return ids.OrderBy(i => i.Index).Select(i => i.OrderId).ToList();
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Sourcing.Benchmarks.Optimizer;
using Sourcing.Orders.Customers;
using Sourcing.Orders.Storage;

namespace Sourcing.Benchmarks.Customers;

/// <summary>
/// <c>customer-latency [calls]</c> (default 1,000 per row, each row at most 45 s) on the database <c>customer-seed</c> filled: the real
/// <c>CustomerOverviewReader.GetAsync</c> of random customers and the real <c>CustomerSearch.SearchAsync</c> with what
/// agents type (misspelt names, partial e-mails, phone numbers, postal codes, order numbers; field Any, as the search
/// box sends it), at 1 and at 8 concurrent callers, beside their floors in the same run: the customer row by primary
/// key, the customer's orders by the customer index, and a bare trigram query on the search entries. Every row is
/// warmed up first at its concurrency.
/// </summary>
internal static class CustomerLatencyReport
{
    private const int WarmUpCalls = 200;

    /// <summary>A row stops taking new calls after this long (its calls column says how many it made), so a slow call cannot hold the run for an hour.</summary>
    private static readonly TimeSpan RowBudget = TimeSpan.FromSeconds(45), WarmUpBudget = TimeSpan.FromSeconds(10);
    private const int SampleCustomers = 20_000;
    private static readonly int[] Concurrency = [1, 8];
    private static readonly string[] Kinds = ["misspelt name", "partial e-mail", "phone", "postal code", "order number"];

    public static void Run(string[] args)
    {
        var calls = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000;
        CustomerBenchDatabase.EnsureRunning();
        if (!CustomerBenchDatabase.Exists())
        {
            throw new InvalidOperationException($"No seeded database in {CustomerBenchDatabase.Root}: run customer-seed first.");
        }

        var loadAtStart = LoadAverage();
        var (customers, orders, size) = Counts();
        var picked = PickCustomers();
        var searches = SearchTexts(picked);
        Console.Error.WriteLine($"{customers:N0} customers, {orders:N0} orders, database {size / (1024.0 * 1024 * 1024):0.00} GiB; {picked.Count:N0} customers picked at random");

        using var stack = new CustomerStack();
        using var dataSource = NpgsqlDataSource.Create(CustomerBenchDatabase.ConnectionString());
        var ids = picked.Select(c => c.CustomerId).ToArray();
        var rows = new List<(string Name, int Callers, Phase Result)>();
        var byKind = new List<(string Kind, int Callers, List<double> Times)>();
        var clock = Stopwatch.StartNew();
        foreach (var callers in Concurrency)
        {
            rows.Add(Measure("CustomerOverviewReader.GetAsync (orders, accounts, documents, payments, facts, timeline page of 20)", callers, calls, ids,
                async id => { await stack.Overview.GetAsync(id, 20, CancellationToken.None); }));
            rows.Add(Measure("Floor: SELECT customer row by primary key", callers, calls, ids, id => FloorCustomerAsync(dataSource, id)));
            rows.Add(Measure("Floor: SELECT the customer's orders (documents) by the customer_id index, newest 50", callers, calls, ids, id => FloorOrdersAsync(dataSource, id)));

            var kinds = new ConcurrentDictionary<int, ConcurrentBag<double>>();
            var recording = false;
            var search = Measure("CustomerSearch.SearchAsync (field Any, page of 20; the mix below)", callers, calls, searches, async s =>
            {
                var started = Stopwatch.GetTimestamp();
                await stack.Search.SearchAsync(s.Text, CustomerSearchField.Any, 20, null, CancellationToken.None);
                if (recording)
                {
                    kinds.GetOrAdd(s.Kind, _ => []).Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }, afterWarmUp: () => recording = true);
            rows.Add(search);
            byKind.AddRange(kinds.OrderBy(k => k.Key).Select(k => (Kinds[k.Key], callers, k.Value.Order().ToList())));
            rows.Add(Measure("Floor: SELECT customer_id FROM customer_search WHERE text % @q LIMIT 20 (the same texts, folded)", callers, calls, searches,
                s => FloorTrigramAsync(dataSource, s.Folded)));
        }

        var measuring = clock.Elapsed;
        Console.WriteLine(
            $"{customers:N0} customers, {orders:N0} orders, database {size / (1024.0 * 1024 * 1024):0.00} GiB; {calls:N0} calls per row (or as many as fit in {RowBudget.TotalSeconds:0} s) after {WarmUpCalls} warm-up calls at the same concurrency; " +
            $"customers picked at random among {picked.Count:N0}; load average {loadAtStart} at the start, {LoadAverage()} at the end; measuring took {measuring.TotalSeconds:0} s");
        Console.WriteLine("| call | callers | calls | per second | p50 ms | p99 ms | p99.9 ms | max ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, callers, result) in rows)
        {
            var t = result.Times;
            Console.WriteLine($"| {name} | {callers} | {t.Count:N0} | {t.Count / result.Wall.TotalSeconds:N0} | {Percentiles(t)} |");
        }

        Console.WriteLine();
        Console.WriteLine("CustomerSearch.SearchAsync by what was typed (the same calls as above):");
        Console.WriteLine("| typed | callers | calls | p50 ms | p99 ms | p99.9 ms | max ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var (kind, callers, times) in byKind)
        {
            Console.WriteLine($"| {kind} | {callers} | {times.Count:N0} | {Percentiles(times)} |");
        }

        Console.WriteLine();
        foreach (var callers in Concurrency)
        {
            var overview = rows.First(r => r.Callers == callers && r.Name.StartsWith("CustomerOverviewReader", StringComparison.Ordinal)).Result.Times;
            var search = rows.First(r => r.Callers == callers && r.Name.StartsWith("CustomerSearch", StringComparison.Ordinal)).Result.Times;
            var overviewP99 = OptimizerLatencyReport.Percentile(overview, 99);
            var searchP99 = OptimizerLatencyReport.Percentile(search, 99);
            Console.WriteLine($"Targets, {callers} caller(s): overview p99 ≤ 20 ms: {overviewP99:0.000} ms, {(overviewP99 <= 20 ? "met" : "NOT met")}; " +
                $"search p99 ≤ 50 ms: {searchP99:0.000} ms, {(searchP99 <= 50 ? "met" : "NOT met")}");
        }
    }

    private static string Percentiles(List<double> t) =>
        $"{OptimizerLatencyReport.Percentile(t, 50):0.000} | {OptimizerLatencyReport.Percentile(t, 99):0.000} | {OptimizerLatencyReport.Percentile(t, 99.9):0.000} | {t[^1]:0.000}";

    /// <summary>Warm-up, then <paramref name="calls"/> calls by <paramref name="callers"/> tasks on items drawn at random.</summary>
    private static (string, int, Phase) Measure<T>(string name, int callers, int calls, IReadOnlyList<T> items, Func<T, Task> call, Action? afterWarmUp = null)
    {
        var random = new Random(name.Length * 31 + callers);
        List<T> Draw(int count) => Enumerable.Range(0, count).Select(_ => items[random.Next(items.Count)]).ToList();
        Phase.Run(Draw(WarmUpCalls), callers, call, WarmUpBudget);
        afterWarmUp?.Invoke();
        var result = Phase.Run(Draw(calls), callers, call, RowBudget);
        Console.Error.WriteLine($"{name}, {callers} caller(s): p50 {OptimizerLatencyReport.Percentile(result.Times, 50):0.000} ms, p99 {OptimizerLatencyReport.Percentile(result.Times, 99):0.000} ms");
        return (name, callers, result);
    }

    private static async Task FloorCustomerAsync(NpgsqlDataSource dataSource, string customerId)
    {
        await using var command = dataSource.CreateCommand("SELECT version, document::text FROM customers WHERE customer_id = $1");
        command.Parameters.AddWithValue(customerId);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            throw new InvalidOperationException($"Customer {customerId} is not seeded.");
        }

        _ = reader.GetString(1);
    }

    private static async Task FloorOrdersAsync(NpgsqlDataSource dataSource, string customerId)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT version, document::text FROM orders WHERE customer_id = $1 ORDER BY created_at DESC, order_id DESC LIMIT 50");
        command.Parameters.AddWithValue(customerId);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = 0;
        while (await reader.ReadAsync())
        {
            _ = reader.GetString(1);
            rows++;
        }

        if (rows == 0)
        {
            throw new InvalidOperationException($"Customer {customerId} has no seeded orders.");
        }
    }

    private static async Task FloorTrigramAsync(NpgsqlDataSource dataSource, string folded)
    {
        await using var command = dataSource.CreateCommand("SELECT customer_id FROM customer_search WHERE text % $1 LIMIT 20");
        command.Parameters.AddWithValue(folded);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
        }
    }

    private sealed record Picked(string CustomerId, CustomerDocument Document, string OrderNumber);

    private sealed record SearchText(int Kind, string Text, string Folded);

    private static List<Picked> PickCustomers()
    {
        using var connection = CustomerBenchDatabase.Open();
        var picked = new List<(string Id, string Json)>();
        using (var command = new NpgsqlCommand($"SELECT customer_id, document::text FROM customers ORDER BY random() LIMIT {SampleCustomers}", connection) { CommandTimeout = 600 })
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                picked.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        var numbers = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var command = new NpgsqlCommand(
            "SELECT DISTINCT ON (customer_id) customer_id, external_order_number FROM orders WHERE customer_id = ANY($1) ORDER BY customer_id, created_at", connection) { CommandTimeout = 600 })
        {
            command.Parameters.AddWithValue(picked.Select(p => p.Id).ToArray());
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                numbers[reader.GetString(0)] = reader.GetString(1);
            }
        }

        return picked.Select(p => new Picked(p.Id, CustomerJson.Deserialize(p.Json), numbers[p.Id])).ToList();
    }

    /// <summary>What agents type, one fifth each: "Anna Mülelr", "anna.mueller123", "0151 10000123", "10117", "100004711".</summary>
    private static List<SearchText> SearchTexts(IReadOnlyList<Picked> picked)
    {
        var texts = new List<SearchText>();
        for (var i = 0; i < picked.Count; i++)
        {
            var contact = picked[i].Document.Contact;
            var kind = i % Kinds.Length;
            var text = kind switch
            {
                0 => $"{contact.GivenName} {SeedCheck.Misspell(contact.FamilyName)}",
                1 => contact.Email[..contact.Email.IndexOf('@')],
                2 => contact.Phone.StartsWith("+49 ", StringComparison.Ordinal) ? "0" + contact.Phone[4..] : contact.Phone,
                3 => contact.Addresses[0].Address.PostalCode,
                _ => picked[i].OrderNumber,
            };
            texts.Add(new SearchText(kind, text, kind == 2 ? CustomerText.Phone(text) : CustomerText.Fold(text)));
        }

        return texts;
    }

    private static (long Customers, long Orders, long Bytes) Counts()
    {
        using var connection = CustomerBenchDatabase.Open();
        return (CustomerBenchDatabase.Scalar<long>(connection, "SELECT count(*) FROM customers"),
            CustomerBenchDatabase.Scalar<long>(connection, "SELECT count(*) FROM orders"),
            CustomerBenchDatabase.Scalar<long>(connection, $"SELECT pg_database_size('{CustomerBenchDatabase.Database}')"));
    }

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    /// <summary>One phase: [callers] tasks taking work items from one queue until it is empty or the budget is spent, each call timed.</summary>
    private sealed record Phase(List<double> Times, TimeSpan Wall)
    {
        public static Phase Run<T>(IReadOnlyList<T> work, int callers, Func<T, Task> call, TimeSpan budget)
        {
            var queue = new ConcurrentQueue<T>(work);
            var times = new ConcurrentBag<double>();
            var wall = Stopwatch.StartNew();
            var tasks = Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
            {
                while (wall.Elapsed < budget && queue.TryDequeue(out var item))
                {
                    var started = Stopwatch.GetTimestamp();
                    await call(item);
                    times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
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

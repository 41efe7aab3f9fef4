using System.Diagnostics;
using Sourcing.LoadTest;
using Sourcing.LoadTest.Client;
using Sourcing.LoadTest.Driving;
using Sourcing.LoadTest.Network;
using Sourcing.LoadTest.Output;
using Sourcing.LoadTest.Recording;
using Sourcing.LoadTest.Scenarios;

if (args.Any(a => a is "--help" or "-h"))
{
    Console.WriteLine(LoadOptions.Usage);
    return 0;
}

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine();
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}

// Enough threads from the start: a pool that grows one thread at a time would show as latency in the first seconds.
ThreadPool.SetMinThreads(Math.Max(64, Environment.ProcessorCount * 8), Math.Max(64, Environment.ProcessorCount * 8));

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

var token = options.Token ?? (options.JwtKey is null ? null : JwtMinter.Mint(options.JwtKey, options.JwtIssuer, options.JwtAudience, "loadtest", TimeSpan.FromHours(12)));
using var clients = new ServiceClients(options.Target, options.Connections, token, options.Timeout);
if (options.Seed)
{
    await NetworkSeeder.SeedAsync(clients, options.Skus, seed: 2026, Console.Out);
}

var runId = "lt" + DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString("x");
var orders = new OrderFactory(options.Skus, runId);
using var redisNoop = options.Scenario == "redis-noop" ? new RedisNoopScenario(options.Redis!) : null;
ILoadScenario scenario = options.Scenario switch
{
    "mixed" => new MixedScenario(clients, orders, options.Mix),
    "grpc-noop" => new GrpcNoopScenario(clients),
    "redis-noop" => redisNoop!,
    _ => new SourceOrderScenario(clients, orders),
};

var steps = options.Rates.Count > 0 ? options.Rates.Select(r => (double?)r).ToList() : [null];
var summary = new List<string>();
foreach (var rate in steps)
{
    if (stop.IsCancellationRequested)
    {
        break;
    }

    var load = rate is { } r ? $"open loop {r:0.###}/s" : $"closed loop {options.Callers} callers";
    var description = $"{options.Scenario}{(options.Scenario == "mixed" ? " (" + options.Mix + ")" : "")}, {load}, " +
        $"{options.Duration.TotalSeconds:0.###} s after {options.Warmup.TotalSeconds:0.###} s warm-up, target {(options.Scenario == "redis-noop" ? options.Redis : options.Target)}, " +
        $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC";
    Console.WriteLine($"== {description}");
    var loadBefore = LoadAverage.Read();
    Console.WriteLine($"load average before: {loadBefore}");

    var recorder = new RunRecorder(Stopwatch.GetTimestamp(), options.Warmup, options.Duration);
    Func<long> inFlight;
    Task run;
    if (rate is { } perSecond)
    {
        var driver = new OpenLoopDriver(scenario, recorder, perSecond, options.MaxInFlight);
        inFlight = () => driver.InFlight;
        run = driver.RunAsync(options.Timeout + TimeSpan.FromSeconds(1), stop.Token);
    }
    else
    {
        var driver = new ClosedLoopDriver(scenario, recorder, options.Callers);
        inFlight = () => driver.InFlight;
        run = driver.RunAsync(stop.Token);
    }

    using var progressStop = new CancellationTokenSource();
    var progress = new ProgressLine(recorder, inFlight, Console.Out).RunAsync(progressStop.Token);
    await run;
    progressStop.Cancel();
    await progress;

    var loadAfter = LoadAverage.Read();
    Console.WriteLine($"load average after: {loadAfter}");
    var rows = ResultRow.From(recorder);
    Console.WriteLine(ResultRow.Markdown(rows));
    foreach (var row in rows)
    {
        summary.Add($"{load,-28} {row.Rpc,-24} ok/s {Format.Number(row.Throughput, "0.0"),8}  p50 {Format.Millis(row.P50),7} ms  p99 {Format.Millis(row.P99),8} ms  errors {row.Calls - row.Ok}");
    }

    if (options.ReportFolder is { } folder)
    {
        var target = steps.Count > 1 ? Path.Combine(folder, $"rate-{rate:0.###}") : folder;
        ReportWriter.Write(target, recorder, rows, $"{options.Scenario}, {load}", $"{description}; load average before {loadBefore}, after {loadAfter}");
        Console.WriteLine($"report: {Path.GetFullPath(Path.Combine(target, "index.html"))}");
    }
}

if (steps.Count > 1)
{
    Console.WriteLine("== summary");
    summary.ForEach(Console.WriteLine);
}

return 0;

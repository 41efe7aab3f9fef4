using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using Sourcing.Service.Inventory;
using Sourcing.Service.Storage.Redis;
using Sourcing.Testing;
using StackExchange.Redis;

namespace Sourcing.Benchmarks.Inventory;

/// <summary>
/// The two stock operations on the hot path, against a real redis-server on loopback (started here, or the one in
/// SOURCING_TEST_REDIS): reserving a 5-line order in one Lua script, and reading 5 SKUs at 50 locations in one round trip.
/// </summary>
[MemoryDiagnoser]
public class ReservationBenchmarks
{
    private const int Skus = 5;
    private const int Locations = 50;

    private LocalRedisServer _server = null!;
    private ConnectionMultiplexer _connection = null!;
    private RedisStockStore _store = null!;
    private string[] _skus = null!;
    private List<ReservationLine> _order = null!;
    private long _requestNumber;

    [GlobalSetup]
    public void Setup()
    {
        _server = LocalRedisServer.Start();
        _connection = ConnectionMultiplexer.Connect(_server.Endpoint);
        _store = new RedisStockStore(_connection, new RedisKeys("bench" + Guid.NewGuid().ToString("N")[..8] + ":"), Options.Create(new RedisOptions()));
        _skus = Enumerable.Range(0, Skus).Select(i => $"BENCH-SKU-{i}").ToArray();
        var rows = _skus.SelectMany(sku => Enumerable.Range(0, Locations).Select(l => new StockImportRow(sku, $"LOC-{l:00}", 1_000_000_000, 1, 2))).ToList();
        _store.ImportAsync(rows, DateTimeOffset.UtcNow, default).GetAwaiter().GetResult();
        _order = _skus.Select((sku, i) => new ReservationLine(sku, $"LOC-{i * 7:00}", 1)).ToList();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _connection.Dispose();
        _server.Dispose();
    }

    [Benchmark(Description = "Reserve a 5-line order (one Lua script)")]
    public async Task<ReserveOutcome> ReserveFiveLines()
    {
        var now = DateTimeOffset.UtcNow;
        var requestId = "bench-" + Interlocked.Increment(ref _requestNumber);
        return await _store.ReserveAsync(new ReserveCommand(requestId, _order, now.AddMinutes(15), requestId), now, default);
    }

    /// <summary>The floor: one round trip to the same Redis through the same multiplexer, no work on the server.</summary>
    [Benchmark(Baseline = true, Description = "PING (the round-trip floor)")]
    public Task<TimeSpan> Ping() => _connection.GetDatabase().PingAsync();

    [Benchmark(Description = "Read 5 SKUs x 50 locations (one round trip)")]
    public Task<IReadOnlyList<SkuStock>> ReadAvailability() => _store.GetStockAsync(_skus, default);
}

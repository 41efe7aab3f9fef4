using Microsoft.Extensions.Options;
using Sourcing.Service.Inventory;
using Sourcing.Service.Storage.Redis;
using Sourcing.Service.Tests.Infrastructure;
using StackExchange.Redis;

namespace Sourcing.Service.Tests.Storage;

/// <summary>
/// A Redis stock store with 8 partitions on the test redis-server, and SKUs chosen so a reservation's lines sit in
/// three partitions, none of them its request id's: every step of a multi-part reservation is exercised.
/// </summary>
public abstract class PartitionedStoreTestBase
{
    protected const int Partitions = 8;

    protected static readonly StockPartitioner Partitioner = new(Partitions);

    protected PartitionedStoreTestBase(RedisFixture redis)
    {
        Connection = redis.Connection;
        Db = redis.Connection.GetDatabase();
        Store = new RedisStockStore(redis.Connection, Keys, Options.Create(new RedisOptions { StockPartitions = Partitions }));
    }

    protected static DateTimeOffset Now { get; } = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

    protected static DateOnly TheDay { get; } = new(2026, 11, 27);

    protected RedisKeys Keys { get; } = new(RedisFixture.NewKeyPrefix());

    protected IConnectionMultiplexer Connection { get; }

    protected IDatabase Db { get; }

    protected RedisStockStore Store { get; }

    /// <summary>Three SKUs in three different partitions, none of them the request id's.</summary>
    protected static string[] SkusApartFrom(string requestId, int count = 3)
    {
        var taken = new HashSet<int> { Partitioner.Of(requestId) };
        var skus = new List<string>();
        for (var i = 0; skus.Count < count; i++)
        {
            var sku = "SKU-" + i;
            if (taken.Add(Partitioner.Of(sku)))
            {
                skus.Add(sku);
            }
        }

        return [.. skus];
    }

    protected static ReserveCommand Command(string requestId, params (string Sku, long Quantity)[] lines) =>
        new(requestId, lines.Select(l => new ReservationLine(l.Sku, "WH1", l.Quantity)).ToList(), Now.AddMinutes(15),
            string.Join(";", lines.Select(l => $"{l.Sku}|WH1|{l.Quantity}")));

    /// <summary>The reservation id an attempt recorded before it crashed (the caller was never told it).</summary>
    protected async Task<string> ReservationIdOfAsync(string requestId) =>
        (string)(await Db.HashGetAsync(Keys.ReserveRequest(Partitioner.Of(requestId), requestId), "rid"))!;

    protected async Task<StockLevel> LevelAsync(string sku)
    {
        var stock = await Store.GetStockAsync([sku], default);
        return stock[0].Locations.SingleOrDefault(l => l.LocationId == "WH1") ?? StockLevel.Empty(sku, "WH1");
    }

    protected async Task StockAsync(long onHand, params string[] skus)
    {
        foreach (var sku in skus)
        {
            await Store.SetStockAsync(sku, "WH1", onHand, 1, Now, default);
        }
    }

    protected async Task<long[]> ReservedAsync(string[] skus) =>
        await Task.WhenAll(skus.Select(async sku => (await LevelAsync(sku)).Reserved));

    /// <summary>Makes the store fail at the named step after <paramref name="passing"/> calls passed it, as a crash there would.</summary>
    protected void CrashAt(string step, int passing = 0)
    {
        var calls = 0;
        Store.OnStep = reached => reached == step && Interlocked.Increment(ref calls) > passing
            ? Task.FromException(new SimulatedCrashException(step))
            : Task.CompletedTask;
    }

    protected void NoMoreCrashes() => Store.OnStep = null;

    protected sealed class SimulatedCrashException(string step) : Exception("Simulated crash after " + step);
}

using Sourcing.Service.Errors;
using Sourcing.Service.Inventory;
using Sourcing.Service.Tests.Infrastructure;

namespace Sourcing.Service.Tests.Storage;

/// <summary>The stock event log over 8 partition streams: merged in order per SKU, resumed from any event without loss or repeat.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisPartitionedEventsTests(RedisFixture redis) : PartitionedStoreTestBase(redis)
{
    [Fact]
    public async Task ReadEvents_ResumedFromTheThirdEvent_YieldsEveryOtherEventOnce()
    {
        var skus = await SixChangesOverThreePartitionsAsync();

        var first = await Store.ReadEventsAsync("0", 3, default);
        var rest = await Store.ReadEventsAsync(first[^1].Position, 100, default);

        var all = first.Concat(rest).Select(e => (e.Level.Sku, e.Level.Sequence)).ToList();
        Assert.Equal(3, first.Count);
        Assert.Equal(6, all.Distinct().Count());
        Assert.Equal(skus.SelectMany(s => new[] { (s, 1L), (s, 2L) }).Order(), all.Order());
        Assert.All(skus, sku => Assert.Equal([1L, 2L], all.Where(e => e.Sku == sku).Select(e => e.Sequence)));
        Assert.Empty(await Store.ReadEventsAsync(rest[^1].Position, 100, default));
        Assert.Equal(rest[^1].Position, await Store.LatestEventPositionAsync(default));
    }

    [Fact]
    public async Task WatchStock_FromAPartitionedPosition_ResumesWithTheEventsNotYetSeen()
    {
        var skus = await SixChangesOverThreePartitionsAsync();
        var watcher = new StockWatcher(Store, TimeProvider.System);

        var first = await TakeAsync(watcher, "0", 3);
        var rest = await TakeAsync(watcher, first[^1].Position, 3);

        Assert.Contains(',', first[^1].Position);
        Assert.Equal(6, first.Concat(rest).Select(e => (e.Level.Sku, e.Level.Sequence)).Distinct().Count());
        Assert.All(skus, sku => Assert.Equal([1L, 2L], first.Concat(rest).Where(e => e.Level.Sku == sku).Select(e => e.Level.Sequence)));
    }

    [Theory]
    [InlineData("1-0,2-0")]
    [InlineData("1-0")]
    [InlineData("0,0,0,0,0,0,0,x")]
    public async Task ReadEvents_PositionOfAnotherPartitionCount_IsRefusedNamingAfterPosition(string position)
    {
        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => Store.ReadEventsAsync(position, 10, default));

        Assert.Equal("after_position", Assert.Single(refused.Problems).Field);
    }

    [Fact]
    public async Task ReadEvents_PartitionedPositionGivenToOnePartition_IsRefusedNamingAfterPosition()
    {
        var onePartition = RedisStockStoreFactory.Create(Connection, 1);

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => onePartition.ReadEventsAsync("1-0,2-0", 10, default));

        Assert.Equal("after_position", Assert.Single(refused.Problems).Field);
    }

    private async Task<string[]> SixChangesOverThreePartitionsAsync()
    {
        var skus = SkusApartFrom("none");
        foreach (var sequence in new[] { 1L, 2L })
        {
            foreach (var sku in skus)
            {
                await Store.SetStockAsync(sku, "WH1", 10 + sequence, sequence, Now, default);
            }
        }

        return skus;
    }

    private static async Task<List<StockEvent>> TakeAsync(StockWatcher watcher, string position, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var events = new List<StockEvent>();
        await foreach (var stockEvent in watcher.WatchAsync(position, [], timeout.Token))
        {
            events.Add(stockEvent);
            if (events.Count == count)
            {
                break;
            }
        }

        return events;
    }
}

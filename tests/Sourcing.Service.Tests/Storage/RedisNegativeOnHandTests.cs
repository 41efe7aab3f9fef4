using Microsoft.Extensions.Options;
using Sourcing.Service.Inventory;
using Sourcing.Service.Storage.Redis;
using Sourcing.Service.Tests.Infrastructure;

namespace Sourcing.Service.Tests.Storage;

/// <summary>
/// On hand left negative by an older version (whose commits deducted past zero): a correction that raises it is always
/// accepted, one that lowers it further is refused.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RedisNegativeOnHandTests(RedisFixture redis)
{
    private readonly RedisKeys _keys = new(RedisFixture.NewKeyPrefix());

    [Fact]
    public async Task AdjustStock_RaisingANegativeOnHand_IsAcceptedAndLoweringItIsRefused()
    {
        var store = new RedisStockStore(redis.Connection, _keys, Options.Create(new RedisOptions()));
        await redis.Connection.GetDatabase().HashSetAsync(_keys.Stock(0, "SKU-1"), "WH1", "-6:0:0:1");
        var now = DateTimeOffset.UtcNow;

        var raised = await store.AdjustStockAsync(new StockAdjustment("adjust-up", "SKU-1", "WH1", 1, "recount", "up"), now, default);
        await Assert.ThrowsAsync<StockWouldGoNegativeException>(
            () => store.AdjustStockAsync(new StockAdjustment("adjust-down", "SKU-1", "WH1", -1, "damaged", "down"), now, default));

        Assert.Equal(-5, raised.OnHand);
        Assert.Equal(-5, (await store.GetStockAsync(["SKU-1"], default))[0].Locations[0].OnHand);
    }
}

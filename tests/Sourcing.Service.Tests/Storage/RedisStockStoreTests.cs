using Microsoft.Extensions.Options;
using Sourcing.Service.Inventory;
using Sourcing.Service.Storage.Redis;
using Sourcing.Service.Tests.Infrastructure;

namespace Sourcing.Service.Tests.Storage;

/// <summary>The stock store contract against a real redis-server; each test has its own key prefix.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisStockStoreTests(RedisFixture redis) : StockStoreContract
{
    protected override IStockStore Store { get; } = new RedisStockStore(
        redis.Connection, new RedisKeys(RedisFixture.NewKeyPrefix()), Options.Create(new RedisOptions()));
}

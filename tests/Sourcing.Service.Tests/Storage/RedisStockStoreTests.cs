using Microsoft.Extensions.Options;
using Sourcing.Service.Inventory;
using Sourcing.Service.Storage.Redis;
using Sourcing.Service.Tests.Infrastructure;

namespace Sourcing.Service.Tests.Storage;

/// <summary>The stock store contract against a real redis-server; each test has its own key prefix.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisStockStoreTests(RedisFixture redis) : StockStoreContract
{
    protected override IStockStore Store { get; } = RedisStockStoreFactory.Create(redis);
}

/// <summary>
/// The same contract with the service's clock decades behind Redis's: every record must still live as long as the
/// service asked, whatever the real date is when the suite runs.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RedisStockStoreClockInThePastTests(RedisFixture redis) : StockStoreContract
{
    protected override IStockStore Store { get; } = RedisStockStoreFactory.Create(redis);

    protected override DateTimeOffset Now => new(2001, 3, 4, 5, 6, 7, TimeSpan.Zero);
}

/// <summary>The same contract with the service's clock decades ahead of Redis's.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisStockStoreClockInTheFutureTests(RedisFixture redis) : StockStoreContract
{
    protected override IStockStore Store { get; } = RedisStockStoreFactory.Create(redis);

    protected override DateTimeOffset Now => new(2101, 3, 4, 5, 6, 7, TimeSpan.Zero);
}

internal static class RedisStockStoreFactory
{
    public static RedisStockStore Create(RedisFixture redis) =>
        new(redis.Connection, new RedisKeys(RedisFixture.NewKeyPrefix()), Options.Create(new RedisOptions()));
}

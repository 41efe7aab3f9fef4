using Microsoft.Extensions.Options;
using Sourcing.Service.Inventory;
using Sourcing.Service.Storage.Redis;
using Sourcing.Service.Tests.Infrastructure;
using StackExchange.Redis;

namespace Sourcing.Service.Tests.Storage;

/// <summary>
/// The stock store contract against a real redis-server; each test has its own key prefix. A derived class runs the
/// same contract on another Redis (a cluster) or with more partitions through the protected constructor.
/// </summary>
[Collection(RedisCollection.Name)]
public class RedisStockStoreTests : StockStoreContract
{
    public RedisStockStoreTests(RedisFixture redis)
        : this(redis.Connection, 1)
    {
    }

    protected RedisStockStoreTests(IConnectionMultiplexer connection, int partitions)
    {
        Store = RedisStockStoreFactory.Create(connection, partitions);
    }

    protected override IStockStore Store { get; }
}

/// <summary>
/// The same contract with SKUs spread over 8 partitions on one node: most reservations (a request id and its lines
/// in different partitions) take the multi-part path, and must behave exactly like the one-step one.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RedisPartitionedStockStoreTests(RedisFixture redis) : RedisStockStoreTests(redis.Connection, 8);

/// <summary>
/// The same contract with the service's clock decades behind Redis's: every record must still live as long as the
/// service asked, whatever the real date is when the suite runs.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RedisStockStoreClockInThePastTests(RedisFixture redis) : StockStoreContract
{
    protected override IStockStore Store { get; } = RedisStockStoreFactory.Create(redis.Connection, 1);

    protected override DateTimeOffset Now => new(2001, 3, 4, 5, 6, 7, TimeSpan.Zero);
}

/// <summary>The same contract with the service's clock decades ahead of Redis's.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisStockStoreClockInTheFutureTests(RedisFixture redis) : StockStoreContract
{
    protected override IStockStore Store { get; } = RedisStockStoreFactory.Create(redis.Connection, 1);

    protected override DateTimeOffset Now => new(2101, 3, 4, 5, 6, 7, TimeSpan.Zero);
}

internal static class RedisStockStoreFactory
{
    public static RedisStockStore Create(IConnectionMultiplexer connection, int partitions) =>
        new(connection, new RedisKeys(RedisFixture.NewKeyPrefix()), Options.Create(new RedisOptions { StockPartitions = partitions }));
}

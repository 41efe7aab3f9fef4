using Grpc.Core;
using Sourcing.Service.Storage.Redis;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.V1;
using StackExchange.Redis;

namespace Sourcing.Service.Tests.Grpc;

/// <summary>
/// A reservation record the service cannot read (left by a version that let a SKU with a trailing newline through)
/// must neither answer UNKNOWN nor stop the sweeper from releasing the reservations due after it.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class UnreadableReservationTests : IDisposable
{
    private readonly RedisFixture _redis;
    private readonly string _prefix = RedisFixture.NewKeyPrefix();

    // The host runs with one stock partition, so every reservation key is in partition 0.
    private RedisKeys Keys => new(_prefix);
    private readonly SourcingHost _host;

    public UnreadableReservationTests(RedisFixture redis)
    {
        _redis = redis;
        _host = new SourcingHost(redis.Server.Endpoint, new Dictionary<string, string?> { ["Redis:KeyPrefix"] = _prefix });
    }

    [Fact]
    public async Task Sweeper_UnreadableReservationDueFirst_StillReleasesTheOnesDueAfterIt()
    {
        await _host.AddLocationAsync("WH1");
        await _host.Inventory.SetStockAsync(new SetStockRequest { Sku = "SKU-1", LocationId = "WH1", OnHand = 5, Sequence = 1 });
        await WritePoisonedReservationAsync("rsv_poisoned", expiredMsAgo: 60_000);
        var good = await _host.Inventory.ReserveAsync(new ReserveRequest
        {
            RequestId = "order-after-the-poison",
            TtlSeconds = 1,
            Lines = { new ReservationLine { Sku = "SKU-1", LocationId = "WH1", Quantity = 5 } },
        });

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await _host.Inventory.GetReservationAsync(new ReservationRequest { ReservationId = good.ReservationId })).Status != ReservationStatus.Expired)
        {
            Assert.True(DateTime.UtcNow < deadline, "the sweeper did not expire the reservation due after the unreadable one within 10 s");
            await Task.Delay(100);
        }

        var availability = await _host.Inventory.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { "SKU-1" } });
        Assert.Equal(5, Assert.Single(availability.Skus[0].Locations).Available);
        Assert.Equal(1, await _redis.Connection.GetDatabase().SortedSetLengthAsync(Keys.ReservationsUnreadable(0)));
    }

    [Fact]
    public async Task GetCommitRelease_UnreadableReservation_AreDataLossNamingTheReservation()
    {
        await WritePoisonedReservationAsync("rsv_poisoned", expiredMsAgo: -600_000);
        var request = new ReservationRequest { ReservationId = "rsv_poisoned" };

        foreach (var call in new Func<Task>[]
        {
            () => _host.Inventory.GetReservationAsync(request).ResponseAsync,
            () => _host.Inventory.CommitReservationAsync(request).ResponseAsync,
            () => _host.Inventory.ReleaseReservationAsync(request).ResponseAsync,
        })
        {
            var exception = await RpcAssert.StatusAsync(StatusCode.DataLoss, call);
            Assert.Equal("rsv_poisoned", exception.GetRpcStatus()!.GetDetail<Google.Rpc.ResourceInfo>()!.ResourceName);
        }
    }

    public void Dispose() => _host.Dispose();

    private async Task WritePoisonedReservationAsync(string id, long expiredMsAgo)
    {
        var expiresMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - expiredMsAgo;
        var db = _redis.Connection.GetDatabase();
        await db.HashSetAsync(Keys.Reservation(0, id), [
            new HashEntry("req", "old-request"),
            new HashEntry("status", "held"),
            new HashEntry("exp", expiresMs),
            new HashEntry("lines", "POISON-1\n|WH1|3\n"),
        ]);
        await db.SortedSetAddAsync(Keys.ReservationExpiry(0), id, expiresMs);
    }
}

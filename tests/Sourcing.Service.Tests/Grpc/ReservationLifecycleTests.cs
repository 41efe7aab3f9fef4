using Google.Rpc;
using Grpc.Core;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Grpc;

[Collection(RedisCollection.Name)]
public sealed class ReservationLifecycleTests(RedisFixture redis) : IDisposable
{
    private readonly SourcingHost _host = new(redis.Server.Endpoint);

    [Fact]
    public async Task Sweeper_ShortExpiry_ReleasesUnitsAndCommitIsRefused()
    {
        await _host.AddLocationAsync("WH1");
        await _host.Inventory.SetStockAsync(new SetStockRequest { Sku = "SKU-1", LocationId = "WH1", OnHand = 5, Sequence = 1 });
        var held = await _host.Inventory.ReserveAsync(new ReserveRequest
        {
            RequestId = "order-1",
            TtlSeconds = 1,
            Lines = { new ReservationLine { Sku = "SKU-1", LocationId = "WH1", Quantity = 5 } },
        });
        Assert.Equal(0, (await LevelAsync()).Available);

        // The sweeper runs every 100 ms here; give it a generous bound, not a tight timing.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await _host.Inventory.GetReservationAsync(new ReservationRequest { ReservationId = held.ReservationId })).Status != ReservationStatus.Expired)
        {
            Assert.True(DateTime.UtcNow < deadline, "the sweeper did not expire the reservation within 10 s");
            await Task.Delay(100);
        }

        Assert.Equal(5, (await LevelAsync()).Available);
        var refused = await RpcAssert.StatusAsync(StatusCode.FailedPrecondition,
            () => _host.Inventory.CommitReservationAsync(new ReservationRequest { ReservationId = held.ReservationId }).ResponseAsync);
        Assert.Equal("RESERVATION_EXPIRED", refused.GetRpcStatus()!.GetDetail<PreconditionFailure>()!.Violations[0].Type);
        Assert.Equal(5, (await LevelAsync()).OnHand);
    }

    [Fact]
    public async Task Commit_HeldReservation_DeductsOnHand()
    {
        await _host.AddLocationAsync("WH1");
        await _host.Inventory.SetStockAsync(new SetStockRequest { Sku = "SKU-1", LocationId = "WH1", OnHand = 5, Sequence = 1 });
        var held = await _host.Inventory.ReserveAsync(new ReserveRequest
        {
            RequestId = "order-1",
            Lines = { new ReservationLine { Sku = "SKU-1", LocationId = "WH1", Quantity = 2 } },
        });

        var committed = await _host.Inventory.CommitReservationAsync(new ReservationRequest { ReservationId = held.ReservationId });

        Assert.Equal(ReservationStatus.Committed, committed.Status);
        var level = await LevelAsync();
        Assert.Equal((3L, 0L, 3L), (level.OnHand, level.Reserved, level.Available));
    }

    [Fact]
    public async Task Reserve_SameRequestIdOtherLines_IsAlreadyExistsAndHoldsNothingMore()
    {
        await _host.AddLocationAsync("WH1");
        await _host.Inventory.SetStockAsync(new SetStockRequest { Sku = "SKU-1", LocationId = "WH1", OnHand = 5, Sequence = 1 });
        await _host.Inventory.ReserveAsync(new ReserveRequest { RequestId = "order-1", Lines = { new ReservationLine { Sku = "SKU-1", LocationId = "WH1", Quantity = 2 } } });

        await RpcAssert.StatusAsync(StatusCode.AlreadyExists, () => _host.Inventory.ReserveAsync(
            new ReserveRequest { RequestId = "order-1", Lines = { new ReservationLine { Sku = "SKU-1", LocationId = "WH1", Quantity = 3 } } }).ResponseAsync);

        Assert.Equal(2, (await LevelAsync()).Reserved);
    }

    [Fact]
    public async Task GetReservation_Unknown_IsNotFound()
    {
        await RpcAssert.StatusAsync(StatusCode.NotFound,
            () => _host.Inventory.GetReservationAsync(new ReservationRequest { ReservationId = "rsv_nope" }).ResponseAsync);
    }

    public void Dispose() => _host.Dispose();

    private async Task<StockLevel> LevelAsync()
    {
        var availability = await _host.Inventory.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { "SKU-1" } });
        return Assert.Single(Assert.Single(availability.Skus).Locations);
    }
}

using Grpc.Core;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Security;

/// <summary>
/// The hijack once possible: watch another channel's stock events for a hold's request id, replay it to learn the
/// reservation id, release the hold. Each step is refused with two channel tokens, and the owner's commit still works.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class ReservationHijackTests(RedisFixture redis) : IAsyncLifetime
{
    private static readonly string Admin = TestTokens.For("ops", ["operations-admin"]);
    private static readonly string WebShop = TestTokens.For("web-shop", ["channel"], channels: ["web"]);
    private static readonly string Marketplace = TestTokens.For("marketplace", ["channel"], channels: ["marketplace"]);

    private readonly SourcingHost _host = new(redis.Server.Endpoint, TestTokens.HostSettings()) { DefaultToken = Admin };

    public async Task InitializeAsync()
    {
        await TestNetwork.AddAsync(_host);
        await TestNetwork.Stock(_host, "TENT", "WH-FRANKFURT", 10);
    }

    [Fact]
    public async Task Hijack_AnotherChannelsHold_RefusedAtEveryStep()
    {
        var web = new InventoryService.InventoryServiceClient(_host.ChannelFor(WebShop));
        var thief = new InventoryService.InventoryServiceClient(_host.ChannelFor(Marketplace));
        var lines = new[] { new ReservationLine { Sku = "TENT", LocationId = "WH-FRANKFURT", Quantity = 3 } };
        var victim = await web.ReserveAsync(new ReserveRequest { RequestId = "checkout-42", Lines = { lines } });
        var sourced = await new SourcingService.SourcingServiceClient(_host.ChannelFor(WebShop))
            .SourceOrderAsync(TestNetwork.Order("web-order-7", TestNetwork.Frankfurt, TestNetwork.Line("1", "TENT", 2)));

        // 1. The event feed names no hold.
        using var watch = thief.WatchStock(new WatchStockRequest { AfterPosition = "0" });
        var reasons = new List<string>();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            while (reasons.Count < 3 && await watch.ResponseStream.MoveNext(timeout.Token))
            {
                reasons.Add(watch.ResponseStream.Current.Reason);
            }
        }

        // 2. Replaying the owner's request id reserves anew for the thief's channel, never returns the owner's hold.
        var replay = await thief.ReserveAsync(new ReserveRequest { RequestId = "checkout-42", Lines = { lines } });

        // 3. The owner's reservations do not exist for the thief.
        foreach (var id in new[] { victim.ReservationId, sourced.ReservationId })
        {
            await RpcAssert.StatusAsync(StatusCode.NotFound, () => thief.GetReservationAsync(new ReservationRequest { ReservationId = id }).ResponseAsync);
            await RpcAssert.StatusAsync(StatusCode.NotFound, () => thief.ReleaseReservationAsync(new ReservationRequest { ReservationId = id }).ResponseAsync);
            await RpcAssert.StatusAsync(StatusCode.NotFound, () => thief.CommitReservationAsync(new ReservationRequest { ReservationId = id }).ResponseAsync);
        }

        var committed = await web.CommitReservationAsync(new ReservationRequest { ReservationId = victim.ReservationId });
        var sourcedHold = await web.GetReservationAsync(new ReservationRequest { ReservationId = sourced.ReservationId });

        Assert.Equal(3, reasons.Count);
        Assert.All(reasons, reason => Assert.Equal("", reason));
        Assert.NotEqual(victim.ReservationId, replay.ReservationId);
        Assert.Equal("checkout-42", replay.RequestId);
        Assert.Equal(ReservationStatus.Committed, committed.Status);
        Assert.Equal("checkout-42", committed.RequestId);
        Assert.Equal(ReservationStatus.Held, sourcedHold.Status);
    }

    public Task DisposeAsync()
    {
        _host.Dispose();
        return Task.CompletedTask;
    }
}

using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Sourcing.Service.Inventory;
using Sourcing.Service.Storage.Redis;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Grpc;

/// <summary>
/// A SourceOrder that ends early (deadline, cancellation, a lost reply) and its retry: afterwards at most one hold
/// exists per request id, and it is the one the retry's answer names.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class SourceOrderEarlyEndTests(RedisFixture redis)
{
    [Fact]
    public async Task SourceOrder_ReplyOfTheHoldLost_RetryReleasesItAndHoldsOnce()
    {
        HoldThenFailStockStore? store = null;
        using var host = new SourcingHost(redis.Server.Endpoint, services: services =>
            services.AddSingleton<IStockStore>(sp => store = new HoldThenFailStockStore(ActivatorUtilities.CreateInstance<RedisStockStore>(sp))));
        await TestNetwork.AddAsync(host);
        await TestNetwork.Stock(host, "TENT", "WH-FRANKFURT", 10);
        var request = TestNetwork.Order("lost-reply", TestNetwork.Frankfurt, TestNetwork.Line("1", "TENT", 3));

        await RpcAssert.StatusAsync(StatusCode.Unavailable, () => host.Sourcing.SourceOrderAsync(request).ResponseAsync);
        Assert.Equal(3, (await LevelAsync(host, "TENT", "WH-FRANKFURT")).Reserved);
        var retried = await host.Sourcing.SourceOrderAsync(request);
        var again = await host.Sourcing.SourceOrderAsync(request);

        var lost = await host.Inventory.GetReservationAsync(new ReservationRequest { ReservationId = Assert.Single(store!.LostHolds) });
        Assert.Equal(V1.ReservationStatus.Released, lost.Status);
        var held = await host.Inventory.GetReservationAsync(new ReservationRequest { ReservationId = retried.ReservationId });
        Assert.Equal(V1.ReservationStatus.Held, held.Status);
        Assert.Equal(retried, again);
        Assert.Equal(3, (await LevelAsync(host, "TENT", "WH-FRANKFURT")).Reserved);
    }

    [Fact]
    public async Task SourceOrder_DeadlinePassesBetweenHoldAndAnswer_RetryGetsTheOneHold()
    {
        SlowReplyStockStore? store = null;
        using var host = new SourcingHost(redis.Server.Endpoint, services: services =>
            services.AddSingleton<IStockStore>(sp => store = new SlowReplyStockStore(ActivatorUtilities.CreateInstance<RedisStockStore>(sp), TimeSpan.FromMilliseconds(300))));
        await TestNetwork.AddAsync(host);
        await TestNetwork.Stock(host, "TENT", "WH-FRANKFURT", 10);
        await host.Sourcing.SourceOrderAsync(TestNetwork.Order("warm-up", TestNetwork.Frankfurt, TestNetwork.Line("1", "TENT", 1)));
        var request = TestNetwork.Order("too-hurried", TestNetwork.Frankfurt, TestNetwork.Line("1", "TENT", 3));

        var hurried = await Assert.ThrowsAsync<RpcException>(() => host.Sourcing.SourceOrderAsync(request, deadline: DateTime.UtcNow.AddMilliseconds(150)).ResponseAsync);
        var retried = await host.Sourcing.SourceOrderAsync(request);

        // The client's own timer usually reports the deadline; on a loaded machine the server's cancellation may come
        // first: a reset of the stream with CANCEL (code 8), which the in-process test server hands the client as an
        // exception that the client reports as INTERNAL (over a real connection it is CANCELLED).
        var serverCancelled = hurried.StatusCode == StatusCode.Cancelled
            || (hurried.StatusCode == StatusCode.Internal && hurried.Status.Detail.Contains("reset the request with error code 8", StringComparison.Ordinal));
        Assert.True(hurried.StatusCode == StatusCode.DeadlineExceeded || serverCancelled, hurried.ToString());
        Assert.Equal(2, store!.Holds);
        var held = await host.Inventory.GetReservationAsync(new ReservationRequest { ReservationId = retried.ReservationId });
        Assert.Equal((V1.ReservationStatus.Held, 3L), (held.Status, held.Lines.Sum(l => l.Quantity)));
        Assert.Equal(1 + 3, (await LevelAsync(host, "TENT", "WH-FRANKFURT")).Reserved);
    }

    [Fact]
    public async Task SourceOrder_DeadlinesOfOneToThreeMs_EveryHoldIsNamedByTheRetrysAnswer()
    {
        using var host = new SourcingHost(redis.Server.Endpoint);
        await TestNetwork.AddAsync(host);
        await TestNetwork.Stock(host, "TENT", "WH-FRANKFURT", 1_000);
        var requests = Enumerable.Range(0, 40).Select(i => TestNetwork.Order($"hurried-{i}", TestNetwork.Frankfurt, TestNetwork.Line("1", "TENT", 3))).ToList();

        var hurried = await Task.WhenAll(requests.Select((request, i) => Task.Run(async () =>
        {
            try
            {
                await host.Sourcing.SourceOrderAsync(request, deadline: DateTime.UtcNow.AddMilliseconds(1 + (i % 3)));
                return StatusCode.OK;
            }
            catch (RpcException e)
            {
                return e.StatusCode;
            }
        })));
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        var retried = await Task.WhenAll(requests.Select(request => host.Sourcing.SourceOrderAsync(request).ResponseAsync));

        // How a hurried call ends is the transport's race with the deadline (it may cancel even the read of the request);
        // what matters is what it leaves behind. The test is void if none of them ended early.
        Assert.Contains(hurried, status => status != StatusCode.OK);
        Assert.All(retried, answer => Assert.NotEmpty(answer.ReservationId));
        Assert.Equal(40, retried.Select(a => a.ReservationId).Distinct().Count());
        Assert.Equal(40 * 3, (await LevelAsync(host, "TENT", "WH-FRANKFURT")).Reserved);
    }

    private static async Task<V1.StockLevel> LevelAsync(SourcingHost host, string sku, string location)
    {
        var availability = await host.Inventory.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { sku }, LocationIds = { location } });
        return Assert.Single(availability.Skus[0].Locations);
    }
}

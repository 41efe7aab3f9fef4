using Google.Rpc;
using Grpc.Core;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Security;

/// <summary>What one caller may use: calls per second, open streams, how long it may hold stock, how much a list returns.</summary>
[Collection(RedisCollection.Name)]
public sealed class LimitsTests(RedisFixture redis)
{
    private static readonly string Admin = TestTokens.For("ops", ["operations-admin"]);
    private static readonly string WebShop = TestTokens.For("web-shop", ["channel"], channels: ["web"]);

    [Fact]
    public async Task AnyRpc_CallerOverItsRate_IsResourceExhaustedWhileOthersAreServed()
    {
        using var host = Host(("Limits:CallsPerSecondPerCaller", "1"), ("Limits:BurstPerCaller", "3"));
        var greedy = new InventoryService.InventoryServiceClient(host.ChannelFor(WebShop));
        var request = new GetAvailabilityRequest { Skus = { "SKU-1" } };
        await host.Inventory.GetAvailabilityAsync(request);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            try
            {
                await greedy.GetAvailabilityAsync(request);
                return null;
            }
            catch (RpcException exception)
            {
                return exception;
            }
        }));
        var other = await host.Inventory.GetAvailabilityAsync(request);

        // A burst of 3, refilled by 1 a second: of 10 calls at once at most 4 get through.
        var refused = outcomes.OfType<RpcException>().ToList();
        Assert.InRange(refused.Count, 6, 10);
        Assert.All(refused, r => Assert.Equal(StatusCode.ResourceExhausted, r.StatusCode));
        Assert.NotNull(refused[0].GetRpcStatus()?.GetDetail<RetryInfo>());
        Assert.Single(other.Skus);
    }

    [Fact]
    public async Task WatchStock_MoreOpenStreamsThanAllowed_IsResourceExhausted()
    {
        using var host = Host(("Limits:OpenStreamsPerCaller", "1"));
        await host.AddLocationAsync("WH-1");
        var web = new InventoryService.InventoryServiceClient(host.ChannelFor(WebShop));
        await host.Inventory.SetStockAsync(new SetStockRequest { Sku = "SKU-1", LocationId = "WH-1", OnHand = 1, Sequence = 1 });
        using var first = web.WatchStock(new WatchStockRequest { AfterPosition = "0" });
        Assert.True(await first.ResponseStream.MoveNext(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token));

        using var second = web.WatchStock(new WatchStockRequest());
        var refused = await Assert.ThrowsAsync<RpcException>(() => second.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
    }

    [Fact]
    public async Task Reserve_ChannelAsksForAWeek_IsInvalidArgumentAndHoldsNothing()
    {
        using var host = Host();
        await host.AddLocationAsync("WH-1");
        await host.Inventory.SetStockAsync(new SetStockRequest { Sku = "SKU-1", LocationId = "WH-1", OnHand = 517, Sequence = 1 });
        var web = new InventoryService.InventoryServiceClient(host.ChannelFor(WebShop));
        var week = new ReserveRequest { RequestId = "hoard-1", TtlSeconds = 604_800, Lines = { new ReservationLine { Sku = "SKU-1", LocationId = "WH-1", Quantity = 517 } } };

        await RpcAssert.InvalidArgumentAsync("ttl_seconds", () => web.ReserveAsync(week).ResponseAsync);
        var admin = await host.Inventory.ReserveAsync(new ReserveRequest { RequestId = "planned-1", TtlSeconds = 604_800, Lines = { week.Lines } });

        Assert.NotEmpty(admin.ReservationId);
    }

    [Fact]
    public async Task ListLocations_Paged_EveryLocationOnceInIdOrder()
    {
        using var host = Host();
        for (var i = 4; i >= 0; i--)
        {
            await host.AddLocationAsync($"WH-{i}");
        }

        var ids = new List<string>();
        var token = "";
        var pages = 0;
        do
        {
            var page = await host.Locations.ListLocationsAsync(new ListLocationsRequest { PageSize = 2, PageToken = token });
            ids.AddRange(page.Locations.Select(l => l.Id));
            token = page.NextPageToken;
            pages++;
        }
        while (token.Length > 0);

        Assert.Equal(["WH-0", "WH-1", "WH-2", "WH-3", "WH-4"], ids);
        Assert.Equal(3, pages);
    }

    [Theory]
    [InlineData(1001, "")]
    [InlineData(-1, "")]
    [InlineData(0, "%%%")]
    public async Task ListLocations_BadPaging_IsInvalidArgument(int pageSize, string token)
    {
        using var host = Host();

        var field = pageSize is < 0 or > 1000 ? "page_size" : "page_token";
        await RpcAssert.InvalidArgumentAsync(field, () => host.Locations.ListLocationsAsync(new ListLocationsRequest { PageSize = pageSize, PageToken = token }).ResponseAsync);
    }

    private SourcingHost Host(params (string Key, string Value)[] settings)
    {
        var all = TestTokens.HostSettings();
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return new SourcingHost(redis.Server.Endpoint, all) { DefaultToken = Admin };
    }
}

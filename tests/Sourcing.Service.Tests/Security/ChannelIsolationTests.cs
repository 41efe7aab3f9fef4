using Grpc.Core;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Security;

/// <summary>A token binds a channel backend to its channels and a stock feed to its locations; refused calls change nothing.</summary>
[Collection(RedisCollection.Name)]
public sealed class ChannelIsolationTests(RedisFixture redis) : IAsyncLifetime
{
    private static readonly string Admin = TestTokens.For("ops", ["operations-admin"]);
    private static readonly string WebShop = TestTokens.For("web-shop", ["channel"], channels: ["web"]);
    private static readonly string FrankfurtFeed = TestTokens.For("wms-frankfurt", ["stock-feed"], locations: ["WH-FRANKFURT"]);

    private readonly SourcingHost _host = new(redis.Server.Endpoint, TestTokens.HostSettings()) { DefaultToken = Admin };

    public async Task InitializeAsync()
    {
        await TestNetwork.AddAsync(_host);
        await TestNetwork.Stock(_host, "TENT", "WH-FRANKFURT", 10);
    }

    [Fact]
    public async Task SourceOrder_ChannelOfAnotherToken_IsPermissionDeniedAndHoldsNothing()
    {
        var web = new SourcingService.SourcingServiceClient(_host.ChannelFor(WebShop));
        var request = TestNetwork.Order("iso-1", TestNetwork.Frankfurt, TestNetwork.Line("1", "TENT", 2));
        request.Channel = "marketplace";

        await RpcAssert.StatusAsync(StatusCode.PermissionDenied, () => web.SourceOrderAsync(request).ResponseAsync);

        Assert.Equal(0, await ReservedAsync("TENT", "WH-FRANKFURT"));
    }

    [Fact]
    public async Task SourceOrder_NoChannelInRequest_ActsForTheTokensChannel()
    {
        var web = new SourcingService.SourcingServiceClient(_host.ChannelFor(WebShop));
        var request = TestNetwork.Order("iso-2", TestNetwork.Frankfurt, TestNetwork.Line("1", "TENT", 2));
        request.Channel = "";

        var response = await web.SourceOrderAsync(request);

        Assert.NotEmpty(response.ReservationId);
        Assert.Equal(2, await ReservedAsync("TENT", "WH-FRANKFURT"));
    }

    [Fact]
    public async Task SetStock_LocationOutsideTheFeedsToken_IsPermissionDeniedAndChangesNothing()
    {
        var feed = new InventoryService.InventoryServiceClient(_host.ChannelFor(FrankfurtFeed));

        await RpcAssert.StatusAsync(StatusCode.PermissionDenied, () =>
            feed.SetStockAsync(new SetStockRequest { Sku = "TENT", LocationId = "WH-MUNICH", OnHand = 999, Sequence = 5 }).ResponseAsync);
        var own = await feed.SetStockAsync(new SetStockRequest { Sku = "TENT", LocationId = "WH-FRANKFURT", OnHand = 12, Sequence = 5 });

        Assert.True(own.Applied);
        var munich = await _host.Inventory.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { "TENT" }, LocationIds = { "WH-MUNICH" } });
        Assert.All(munich.Skus[0].Locations, l => Assert.Equal(0, l.OnHand));
    }

    [Fact]
    public async Task UpsertLocation_ChannelToken_IsPermissionDeniedAndChangesNothing()
    {
        var web = new LocationService.LocationServiceClient(_host.ChannelFor(WebShop));
        var before = await _host.Locations.GetLocationAsync(new GetLocationRequest { Id = "WH-FRANKFURT" });
        var changed = before.Clone();
        changed.Active = false;

        await RpcAssert.StatusAsync(StatusCode.PermissionDenied, () => web.UpsertLocationAsync(new UpsertLocationRequest { Location = changed }).ResponseAsync);

        Assert.Equal(before, await _host.Locations.GetLocationAsync(new GetLocationRequest { Id = "WH-FRANKFURT" }));
    }

    public Task DisposeAsync()
    {
        _host.Dispose();
        return Task.CompletedTask;
    }

    private async Task<long> ReservedAsync(string sku, string location)
    {
        var response = await _host.Inventory.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { sku }, LocationIds = { location } });
        return response.Skus[0].Locations.SingleOrDefault(l => l.LocationId == location)?.Reserved ?? 0;
    }
}

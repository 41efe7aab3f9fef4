using Grpc.Core;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Security;

/// <summary>What a channel's Reserve may not do: hold stock its channel does not sell, or plant an id of SourceOrder's holds.</summary>
[Collection(RedisCollection.Name)]
public sealed class ReserveGuardsTests(RedisFixture redis) : IAsyncLifetime
{
    private static readonly string Admin = TestTokens.For("ops", ["operations-admin"]);
    private static readonly string Marketplace = TestTokens.For("marketplace", ["channel"], channels: ["marketplace"]);
    private static readonly string WebShop = TestTokens.For("web-shop", ["channel"], channels: ["web"]);

    private readonly SourcingHost _host = new(redis.Server.Endpoint, TestTokens.HostSettings()) { DefaultToken = Admin };

    public async Task InitializeAsync()
    {
        await _host.AddLocationAsync("WH-WEB-ONLY", true, "web");
        await _host.Inventory.SetStockAsync(new SetStockRequest { Sku = "TENT", LocationId = "WH-WEB-ONLY", OnHand = 954, Sequence = 1 });
    }

    [Fact]
    public async Task Reserve_AtALocationThatDoesNotSellToTheChannel_IsPermissionDeniedAndHoldsNothing()
    {
        var thief = new InventoryService.InventoryServiceClient(_host.ChannelFor(Marketplace));

        await RpcAssert.StatusAsync(StatusCode.PermissionDenied, () => thief.ReserveAsync(new ReserveRequest
        {
            RequestId = "lock-it-all",
            TtlSeconds = 7_200,
            Lines = { new ReservationLine { Sku = "TENT", LocationId = "WH-WEB-ONLY", Quantity = 954 } },
        }).ResponseAsync);

        Assert.Equal(0, await ReservedAsync());
    }

    [Fact]
    public async Task Reserve_RequestIdOfASourceOrderHold_IsInvalidArgumentAndHoldsNothing()
    {
        var web = new InventoryService.InventoryServiceClient(_host.ChannelFor(WebShop));

        await RpcAssert.InvalidArgumentAsync("request_id", () => web.ReserveAsync(new ReserveRequest
        {
            RequestId = "sourcing:75788a1f00000000000000000000000:1",
            Lines = { new ReservationLine { Sku = "TENT", LocationId = "WH-WEB-ONLY", Quantity = 1 } },
        }).ResponseAsync);

        Assert.Equal(0, await ReservedAsync());
    }

    [Fact]
    public async Task ReleaseReservation_AdminsHoldByAChannelNamedOperations_IsNotFound()
    {
        var admins = await _host.Inventory.ReserveAsync(new ReserveRequest
        {
            RequestId = "ops-1",
            Lines = { new ReservationLine { Sku = "TENT", LocationId = "WH-WEB-ONLY", Quantity = 2 } },
        });
        var impostor = new InventoryService.InventoryServiceClient(_host.ChannelFor(TestTokens.For("impostor", ["channel"], channels: ["operations"])));

        await RpcAssert.StatusAsync(StatusCode.NotFound, () => impostor.ReleaseReservationAsync(new ReservationRequest { ReservationId = admins.ReservationId }).ResponseAsync);

        Assert.Equal(2, await ReservedAsync());
    }

    public Task DisposeAsync()
    {
        _host.Dispose();
        return Task.CompletedTask;
    }

    private async Task<long> ReservedAsync()
    {
        var response = await _host.Inventory.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { "TENT" }, LocationIds = { "WH-WEB-ONLY" } });
        return response.Skus[0].Locations.SingleOrDefault()?.Reserved ?? 0;
    }
}

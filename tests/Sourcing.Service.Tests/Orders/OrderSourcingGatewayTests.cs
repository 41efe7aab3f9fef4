using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sourcing.Orders;
using Sourcing.Service.Inventory;
using Sourcing.Service.Orders;
using Sourcing.Service.Tests.Infrastructure;

namespace Sourcing.Service.Tests.Orders;

/// <summary>The orders' way into the inventory, against the real ledger on Redis: repeats, lapses and the hold's lifetime.</summary>
[Collection(RedisCollection.Name)]
public sealed class OrderSourcingGatewayTests(RedisFixture redis) : IAsyncLifetime
{
    private readonly SourcingHost _host = new(redis.Server.Endpoint);

    private IOrderSourcing Gateway => _host.Services.GetRequiredService<IOrderSourcing>();

    public async Task InitializeAsync()
    {
        await TestNetwork.AddAsync(_host);
        await TestNetwork.Stock(_host, "TENT", "WH-FRANKFURT", 10);
    }

    [Fact]
    public async Task HoldAsync_SameHoldRequestIdTwice_HoldsOnceForSevenDays()
    {
        var first = await Gateway.HoldAsync("web", "order:O-1:a1:0", "TENT", "WH-FRANKFURT", 3, CancellationToken.None);
        var second = await Gateway.HoldAsync("web", "order:O-1:a1:0", "TENT", "WH-FRANKFURT", 3, CancellationToken.None);

        Assert.NotNull(first);
        Assert.Equal(first.ReservationId, second?.ReservationId);
        Assert.Equal(3, await ReservedAsync());
        Assert.InRange(first.ExpiresAt - DateTimeOffset.UtcNow, TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(7));
        Assert.True(await Gateway.IsHeldAsync(first.ReservationId, CancellationToken.None));
    }

    [Fact]
    public async Task HoldAsync_ReplayOfAReleasedHold_IsNullAndHoldsNothing()
    {
        var held = await Gateway.HoldAsync("web", "order:O-2:a1:0", "TENT", "WH-FRANKFURT", 2, CancellationToken.None);
        await Gateway.ReleaseAsync(held!.ReservationId, CancellationToken.None);
        await Gateway.ReleaseAsync(held.ReservationId, CancellationToken.None);

        var replayed = await Gateway.HoldAsync("web", "order:O-2:a1:0", "TENT", "WH-FRANKFURT", 2, CancellationToken.None);

        Assert.Null(replayed);
        Assert.Equal(0, await ReservedAsync());
        Assert.False(await Gateway.IsHeldAsync(held.ReservationId, CancellationToken.None));
    }

    [Fact]
    public async Task HoldAsync_MoreThanAvailable_IsNull()
    {
        Assert.Null(await Gateway.HoldAsync("web", "order:O-3:a1:0", "TENT", "WH-FRANKFURT", 11, CancellationToken.None));
        Assert.Equal(0, await ReservedAsync());
    }

    [Fact]
    public async Task CommitAsync_HoldLapsedBeforeShipment_TakesTheShippedUnitsOffOnHandOnce()
    {
        var ledger = _host.Services.GetRequiredService<StockLedger>();
        var hold = await ledger.ReserveAsync(OrderSourcingGateway.StoredHoldRequestId("web", "order:O-4:a1:0"), [new ReservationLine("TENT", "WH-FRANKFURT", 4)], 1, CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        await Gateway.CommitAsync(hold.Id, CancellationToken.None);
        await Gateway.CommitAsync(hold.Id, CancellationToken.None);

        var level = await LevelAsync();
        Assert.Equal((6, 0), (level.OnHand, level.Reserved));
    }

    [Fact]
    public async Task CommitAsync_Twice_CommitsOnce()
    {
        var held = await Gateway.HoldAsync("web", "order:O-5:a1:0", "TENT", "WH-FRANKFURT", 2, CancellationToken.None);

        await Gateway.CommitAsync(held!.ReservationId, CancellationToken.None);
        await Gateway.CommitAsync(held.ReservationId, CancellationToken.None);

        var level = await LevelAsync();
        Assert.Equal((8, 0), (level.OnHand, level.Reserved));
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlite")]
    public void AddSourcingOrders_StoreNotAvailable_RefusesNamingTheSetting(string store)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Orders:Store"] = store }).Build();

        var refused = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddSourcingOrders(configuration));

        Assert.Contains("Orders:Store", refused.Message, StringComparison.Ordinal);
    }

    private async Task<long> ReservedAsync() => (await LevelAsync()).Reserved;

    private async Task<V1.StockLevel> LevelAsync()
    {
        var response = await _host.Inventory.GetAvailabilityAsync(new V1.GetAvailabilityRequest { Skus = { "TENT" }, LocationIds = { "WH-FRANKFURT" } });
        return response.Skus[0].Locations.Single();
    }

    public Task DisposeAsync()
    {
        _host.Dispose();
        return Task.CompletedTask;
    }
}

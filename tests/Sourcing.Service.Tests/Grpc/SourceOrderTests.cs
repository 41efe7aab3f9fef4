using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Sourcing.Service.Inventory;
using Sourcing.Service.Storage.Redis;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Grpc;

/// <summary>SourceOrder end to end: the real host, a real Redis and the real rules/ folder.</summary>
[Collection(RedisCollection.Name)]
public sealed class SourceOrderTests(RedisFixture redis) : IAsyncLifetime
{
    private readonly SourcingHost _host = new(redis.Server.Endpoint);

    public Task InitializeAsync() => TestNetwork.AddAsync(_host);

    [Fact]
    public async Task SourceOrder_HazardousLine_StoreExcludedInPlanAndExplanation()
    {
        await TestNetwork.Stock(_host, "GAS-450", "ST-BERLIN", 9);
        await TestNetwork.Stock(_host, "GAS-450", "WH-FRANKFURT", 40);

        var response = await _host.Sourcing.SourceOrderAsync(TestNetwork.Order("hazard-1", TestNetwork.Berlin, TestNetwork.Line("1", "GAS-450", 2, hazardous: true)));

        Assert.Equal("WH-FRANKFURT", Assert.Single(Assert.Single(response.Lines).Allocations).LocationId);
        var store = Assert.Single(response.Explanation[0].Candidates, c => c.LocationId == "ST-BERLIN");
        Assert.Equal(("excluded", "HazardousNeverFromStores"), (store.Status, store.Rule));
        Assert.Equal("chosen", Assert.Single(response.Explanation[0].Candidates, c => c.LocationId == "WH-FRANKFURT").Status);
        Assert.Matches("^[0-9a-f]{16}$", response.RulesVersion);
    }

    [Fact]
    public async Task SourceOrder_OneWarehouseHoldsEverything_ShipsInOneShipment()
    {
        foreach (var sku in new[] { "TENT", "STOVE", "LAMP" })
        {
            await TestNetwork.Stock(_host, sku, "WH-FRANKFURT", 50);
            await TestNetwork.Stock(_host, sku, "WH-MUNICH", 50);
        }

        await TestNetwork.Stock(_host, "LAMP", "ST-BERLIN", 20);

        var response = await _host.Sourcing.SourceOrderAsync(TestNetwork.Order("whole-1", TestNetwork.Frankfurt,
            TestNetwork.Line("1", "TENT", 1), TestNetwork.Line("2", "STOVE", 2), TestNetwork.Line("3", "LAMP", 1)));

        var shipment = Assert.Single(response.Shipments);
        Assert.Equal("WH-FRANKFURT", shipment.LocationId);
        Assert.Equal(3, shipment.Lines.Count);
        Assert.Equal(SolverStatus.Optimal, response.Solver.Status);
        Assert.NotEmpty(response.ReservationId);
    }

    [Fact]
    public async Task SourceOrder_PickupLine_IsSourcedAtItsPickupStore()
    {
        await TestNetwork.Stock(_host, "SHOE", "ST-POTSDAM", 3);
        await TestNetwork.Stock(_host, "SHOE", "WH-FRANKFURT", 200);
        var request = TestNetwork.Order("pickup-1", TestNetwork.Berlin, TestNetwork.Line("1", "SHOE", 1));
        request.Delivery = new DeliveryOption { Method = DeliveryMethod.Pickup, PickupLocationId = "ST-POTSDAM" };

        var response = await _host.Sourcing.SourceOrderAsync(request);

        Assert.Equal(new Allocation { LocationId = "ST-POTSDAM", Quantity = 1, UnitCost = response.Lines[0].Allocations[0].UnitCost }, Assert.Single(response.Lines[0].Allocations));
        Assert.Equal("not eligible", Assert.Single(response.Explanation[0].Candidates, c => c.LocationId == "WH-FRANKFURT").Status);
    }

    [Fact]
    public async Task SourceOrder_TwoOrdersRaceForTheLastUnit_OneHoldsItTheOtherGoesElsewhere()
    {
        await TestNetwork.Stock(_host, "LAST", "WH-FRANKFURT", 1);
        await TestNetwork.Stock(_host, "LAST", "WH-MUNICH", 5);

        var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(i =>
            Task.Run(() => _host.Sourcing.SourceOrderAsync(TestNetwork.Order($"race-{i}", TestNetwork.Frankfurt, TestNetwork.Line("1", "LAST", 1))).ResponseAsync)));

        var sources = answers.Select(a => Assert.Single(a.Lines[0].Allocations).LocationId).Order().ToList();
        Assert.Equal(["WH-FRANKFURT", "WH-MUNICH"], sources);
        Assert.All(answers, a => Assert.NotEmpty(a.ReservationId));
        var frankfurt = await LevelAsync("LAST", "WH-FRANKFURT");
        Assert.Equal((1L, 0L), (frankfurt.Reserved, frankfurt.Available));
    }

    [Fact]
    public async Task SourceOrder_LostTheRaceBetweenReadAndHold_ResolvesWithFreshStock()
    {
        using var racing = new SourcingHost(redis.Server.Endpoint, services: services =>
            services.AddSingleton<IStockStore>(sp => new RacingStockStore(ActivatorUtilities.CreateInstance<RedisStockStore>(sp))));
        await TestNetwork.AddAsync(racing);
        await TestNetwork.Stock(racing, "LAST", "WH-FRANKFURT", 1);
        await TestNetwork.Stock(racing, "LAST", "WH-MUNICH", 5);

        var response = await racing.Sourcing.SourceOrderAsync(TestNetwork.Order("lost-race", TestNetwork.Frankfurt, TestNetwork.Line("1", "LAST", 1)));

        Assert.True(response.ResolvedAfterRace);
        Assert.Equal("WH-MUNICH", Assert.Single(response.Lines[0].Allocations).LocationId);
        var held = await racing.Inventory.GetReservationAsync(new ReservationRequest { ReservationId = response.ReservationId });
        Assert.Equal(("LAST", "WH-MUNICH", 1L), (held.Lines[0].Sku, held.Lines[0].LocationId, held.Lines[0].Quantity));
    }

    [Fact]
    public async Task SourceOrder_RetriedAfterLosingTwice_HoldsFreshStockUnderTheSameRequestId()
    {
        using var racing = new SourcingHost(redis.Server.Endpoint, new Dictionary<string, string?> { ["Sourcing:MaxHoldAttempts"] = "2" }, services =>
            services.AddSingleton<IStockStore>(sp => new RacingStockStore(ActivatorUtilities.CreateInstance<RedisStockStore>(sp), races: 2)));
        await TestNetwork.AddAsync(racing);
        await TestNetwork.Stock(racing, "LAST", "WH-FRANKFURT", 1);
        await TestNetwork.Stock(racing, "LAST", "WH-MUNICH", 1);
        await TestNetwork.Stock(racing, "LAST", "ST-BERLIN", 5);
        var request = TestNetwork.Order("lost-twice", TestNetwork.Frankfurt, TestNetwork.Line("1", "LAST", 1));

        // Frankfurt, then Munich, are taken just before each of the two holds allowed: the call gives up, nothing held.
        await RpcAssert.StatusAsync(StatusCode.Aborted, () => racing.Sourcing.SourceOrderAsync(request).ResponseAsync);
        var retried = await racing.Sourcing.SourceOrderAsync(request);

        Assert.Equal("ST-BERLIN", Assert.Single(retried.Lines[0].Allocations).LocationId);
        var held = await racing.Inventory.GetReservationAsync(new ReservationRequest { ReservationId = retried.ReservationId });
        Assert.Equal(V1.ReservationStatus.Held, held.Status);
    }

    [Fact]
    public async Task SourceOrder_RepeatedRequestId_ReservesOnceAndAnswersTheSame()
    {
        await TestNetwork.Stock(_host, "TENT", "WH-FRANKFURT", 10);
        var request = TestNetwork.Order("repeat-1", TestNetwork.Frankfurt, TestNetwork.Line("1", "TENT", 3));

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => _host.Sourcing.SourceOrderAsync(request).ResponseAsync)));
        var later = await _host.Sourcing.SourceOrderAsync(request);

        Assert.Single(answers.Append(later).Select(a => a.ReservationId).Distinct());
        Assert.Equal(3, (await LevelAsync("TENT", "WH-FRANKFURT")).Reserved);
        Assert.Equal(answers[0], later);
    }

    [Theory]
    [InlineData(87)]
    [InlineData(100)]
    [InlineData(128)]
    public async Task SourceOrder_ReserveWithLongRequestId_HoldsUpToTheDocumentedLimit(int length)
    {
        await TestNetwork.Stock(_host, "TENT", "WH-FRANKFURT", 10);
        var request = TestNetwork.Order(new string('r', length - 1) + "x", TestNetwork.Frankfurt, TestNetwork.Line("1", "TENT", 2));
        request.OrderId = "O-long-id";

        var response = await _host.Sourcing.SourceOrderAsync(request);
        var again = await _host.Sourcing.SourceOrderAsync(request);

        var held = await _host.Inventory.GetReservationAsync(new ReservationRequest { ReservationId = response.ReservationId });
        Assert.Equal(V1.ReservationStatus.Held, held.Status);
        Assert.Equal(response.ReservationId, again.ReservationId);
        Assert.Equal(2, (await LevelAsync("TENT", "WH-FRANKFURT")).Reserved);
    }

    [Fact]
    public async Task SourceOrder_RequestIdOverTheLimit_InvalidArgumentNamingRequestId()
    {
        await RpcAssert.InvalidArgumentAsync("request_id",
            () => _host.Sourcing.SourceOrderAsync(TestNetwork.Order(new string('r', 129), TestNetwork.Frankfurt, TestNetwork.Line("1", "TENT", 1))).ResponseAsync);
    }

    [Fact]
    public async Task SourceOrder_SameRequestIdOtherOrder_IsAlreadyExists()
    {
        await TestNetwork.Stock(_host, "TENT", "WH-FRANKFURT", 10);
        await _host.Sourcing.SourceOrderAsync(TestNetwork.Order("reuse-1", TestNetwork.Frankfurt, TestNetwork.Line("1", "TENT", 1)));

        await RpcAssert.StatusAsync(StatusCode.AlreadyExists,
            () => _host.Sourcing.SourceOrderAsync(TestNetwork.Order("reuse-1", TestNetwork.Frankfurt, TestNetwork.Line("1", "TENT", 2))).ResponseAsync);
        Assert.Equal(1, (await LevelAsync("TENT", "WH-FRANKFURT")).Reserved);
    }

    [Fact]
    public async Task Promise_ThreeOptions_DatesAndFulfillabilityPerOption()
    {
        await TestNetwork.Stock(_host, "TENT", "WH-FRANKFURT", 10);
        await TestNetwork.Stock(_host, "TENT", "ST-BERLIN", 1);
        var request = new PromiseRequest
        {
            Channel = "web",
            Destination = new Destination { PostalCode = "10117" },
            Lines = { TestNetwork.Line("1", "TENT", 2) },
            Options =
            {
                new DeliveryOption { Id = "standard", Method = DeliveryMethod.Standard },
                new DeliveryOption { Id = "express", Method = DeliveryMethod.Express },
                new DeliveryOption { Id = "pickup", Method = DeliveryMethod.Pickup, PickupLocationId = "ST-BERLIN" },
            },
        };

        var response = await _host.Sourcing.PromiseAsync(request);

        var (standard, express, pickup) = (response.Options[0], response.Options[1], response.Options[2]);
        Assert.True(standard.Fulfillable);
        Assert.True(express.Fulfillable);
        Assert.True(string.CompareOrdinal(express.EarliestDeliveryDate, standard.EarliestDeliveryDate) <= 0);
        Assert.False(pickup.Fulfillable);
        Assert.Contains("short by 1", pickup.Reason);
        Assert.Equal(0, (await LevelAsync("TENT", "WH-FRANKFURT")).Reserved);
    }

    public Task DisposeAsync()
    {
        _host.Dispose();
        return Task.CompletedTask;
    }

    private async Task<V1.StockLevel> LevelAsync(string sku, string location)
    {
        var availability = await _host.Inventory.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { sku }, LocationIds = { location } });
        return Assert.Single(availability.Skus[0].Locations);
    }
}

using Sourcing.Service.Tests.Infrastructure;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Grpc;

/// <summary>
/// Daily capacity through the real host and Redis: committed units and shipments count against a location's day, and
/// sourcing sends no more than what is left. An order to Frankfurt ships from WH-FRANKFURT unless its capacity says no.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class DailyCapacityTests(RedisFixture redis) : IAsyncLifetime
{
    private readonly SourcingHost _host = new(redis.Server.Endpoint);

    public async Task InitializeAsync()
    {
        await TestNetwork.AddAsync(_host);
        await TestNetwork.Stock(_host, "TENT", "WH-FRANKFURT", 50);
        await TestNetwork.Stock(_host, "TENT", "WH-MUNICH", 50);
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(null, 0)]
    public async Task SourceOrder_LocationWithZeroCapacity_NeverShips(int? units, int? shipments)
    {
        await LimitFrankfurtAsync(units, shipments);

        var response = await _host.Sourcing.SourceOrderAsync(TestNetwork.Order("zero-1", TestNetwork.Frankfurt, TestNetwork.Line("1", "TENT", 1)));

        Assert.Equal("WH-MUNICH", Assert.Single(response.Shipments).LocationId);
        var frankfurt = Assert.Single(response.Explanation[0].Candidates, c => c.LocationId == "WH-FRANKFURT");
        Assert.Contains("capacity", frankfurt.Reason);
    }

    [Fact]
    public async Task SourceOrder_AfterCommitsFillTheShipmentCapacity_NextOrderGoesElsewhere()
    {
        await LimitFrankfurtAsync(units: null, shipments: 2);

        foreach (var requestId in new[] { "day-1", "day-2" })
        {
            var response = await _host.Sourcing.SourceOrderAsync(TestNetwork.Order(requestId, TestNetwork.Frankfurt, TestNetwork.Line("1", "TENT", 1)));
            Assert.Equal("WH-FRANKFURT", Assert.Single(response.Shipments).LocationId);
            await _host.Inventory.CommitReservationAsync(new ReservationRequest { ReservationId = response.ReservationId });
        }

        var third = await _host.Sourcing.SourceOrderAsync(TestNetwork.Order("day-3", TestNetwork.Frankfurt, TestNetwork.Line("1", "TENT", 1)));

        Assert.Equal("WH-MUNICH", Assert.Single(third.Shipments).LocationId);
    }

    [Fact]
    public async Task SourceOrder_UnitCapacityPartlyUsed_SendsOnlyWhatIsLeft()
    {
        await LimitFrankfurtAsync(units: 5, shipments: null);
        var first = await _host.Sourcing.SourceOrderAsync(TestNetwork.Order("units-1", TestNetwork.Frankfurt, TestNetwork.Line("1", "TENT", 3)));
        await _host.Inventory.CommitReservationAsync(new ReservationRequest { ReservationId = first.ReservationId });

        var second = await _host.Sourcing.SourceOrderAsync(TestNetwork.Order("units-2", TestNetwork.Frankfurt, TestNetwork.Line("1", "TENT", 4)));

        var fromFrankfurt = second.Lines[0].Allocations.Where(a => a.LocationId == "WH-FRANKFURT").Sum(a => a.Quantity);
        Assert.True(fromFrankfurt <= 2, $"WH-FRANKFURT had 2 units of capacity left but was given {fromFrankfurt}");
        Assert.Equal(4, second.Lines[0].Allocations.Sum(a => a.Quantity));
    }

    public Task DisposeAsync()
    {
        _host.Dispose();
        return Task.CompletedTask;
    }

    private async Task LimitFrankfurtAsync(int? units, int? shipments)
    {
        var location = await _host.Locations.GetLocationAsync(new GetLocationRequest { Id = "WH-FRANKFURT" });
        if (units is { } u)
        {
            location.DailyCapacityUnits = u;
        }

        if (shipments is { } s)
        {
            location.DailyCapacityShipments = s;
        }

        await _host.Locations.UpsertLocationAsync(new UpsertLocationRequest { Location = location });
    }
}

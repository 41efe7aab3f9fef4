using Microsoft.Extensions.DependencyInjection;
using ILocationStore = Sourcing.Service.Locations.ILocationStore;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Grpc;

/// <summary>A location that would break promising or sourcing (NaN coordinates, unbounded lists) is refused, naming the field.</summary>
[Collection(RedisCollection.Name)]
public sealed class LocationBadInputTests(RedisFixture redis) : IDisposable
{
    private readonly SourcingHost _host = new(redis.Server.Endpoint);

    public static TheoryData<string, Action<Location>> BadLocations => new()
    {
        { "location.id", l => l.Id = "WH-1\n" },
        { "location.coordinates", l => l.Coordinates = new GeoPoint { Latitude = double.NaN, Longitude = 8.68 } },
        { "location.coordinates", l => l.Coordinates = new GeoPoint { Latitude = 50.1, Longitude = double.NegativeInfinity } },
        { "location.coordinates", l => l.Coordinates = new GeoPoint { Latitude = double.NaN, Longitude = double.NaN } },
        { "location.name", l => l.Name = new string('n', 201) },
        { "location.postal_code", l => l.PostalCode = new string('1', 1_000_000) },
        { "location.time_zone", l => l.TimeZone = new string('z', 100_000) },
        { "location.channels", l => l.Channels.AddRange(Enumerable.Range(0, 100_000).Select(i => "c" + i)) },
        { "location.channels[1]", l => l.Channels.Add("web\n") },
        { "location.closed_weekdays", l => l.ClosedWeekdays.AddRange([1, 2, 3, 4, 5, 6, 7]) },
        { "location.holidays", l => l.Holidays.AddRange(Enumerable.Range(0, 1_001).Select(i => new DateOnly(2026, 1, 1).AddDays(i).ToString("yyyy-MM-dd"))) },
        { "location.handling_cost_per_unit.minor_units", l => l.HandlingCostPerUnit.MinorUnits = long.MaxValue },
    };

    [Theory]
    [MemberData(nameof(BadLocations))]
    public async Task UpsertLocation_BadInput_InvalidArgumentNamingTheFieldAndNotStored(string field, Action<Location> spoil)
    {
        var location = TestLocations.Warehouse("WH-BAD");
        spoil(location);

        await RpcAssert.InvalidArgumentAsync(field, () => _host.Locations.UpsertLocationAsync(new UpsertLocationRequest { Location = location }).ResponseAsync);

        var listed = await _host.Locations.ListLocationsAsync(new ListLocationsRequest { IncludeInactive = true });
        Assert.Empty(listed.Locations);
    }

    [Fact]
    public async Task UpsertLocation_ThousandHolidaysAndSixClosedDays_IsAcceptedAndPromisesTheOpenDay()
    {
        var location = TestLocations.Warehouse("WH-MONDAYS");
        location.ClosedWeekdays.AddRange([2, 3, 4, 5, 6, 7]);
        location.Holidays.AddRange(Enumerable.Range(0, 1_000).Select(i => new DateOnly(2020, 1, 1).AddDays(i).ToString("yyyy-MM-dd")));
        await _host.Locations.UpsertLocationAsync(new UpsertLocationRequest { Location = location });
        await TestNetwork.Stock(_host, "TENT", "WH-MONDAYS", 5);

        var response = await _host.Sourcing.PromiseAsync(new PromiseRequest
        {
            Channel = "web",
            Destination = new Destination { Coordinates = TestNetwork.Frankfurt },
            Lines = { TestNetwork.Line("1", "TENT", 1) },
            Options = { new DeliveryOption { Method = DeliveryMethod.Standard } },
        });

        Assert.True(response.Options[0].Fulfillable);
        Assert.NotEmpty(response.Options[0].EarliestDeliveryDate);
    }

    [Fact]
    public async Task GetAndListLocations_HugeOrBadIds_InvalidArgumentNamingTheField()
    {
        await RpcAssert.InvalidArgumentAsync("id", () => _host.Locations.GetLocationAsync(new GetLocationRequest { Id = new string('W', 1_000_000) }).ResponseAsync);
        await RpcAssert.InvalidArgumentAsync("channel", () => _host.Locations.ListLocationsAsync(new ListLocationsRequest { Channel = "web\n" }).ResponseAsync);
    }

    [Fact]
    public async Task SourceOrder_LocationStoredWithNaNCoordinates_IsNotEligible()
    {
        // The embedded store keeps what it is given (Redis's JSON cannot hold NaN): a location saved before coordinates
        // were checked, written straight to the store.
        using var embedded = new SourcingHost(redis.Server.Endpoint, new Dictionary<string, string?> { ["Redis:Configuration"] = "" });
        await TestNetwork.AddAsync(embedded);
        var store = embedded.Services.GetRequiredService<ILocationStore>();
        var munich = await store.GetAsync("WH-MUNICH", CancellationToken.None);
        await store.UpsertAsync(munich! with { Coordinates = new(double.NaN, double.NaN) }, CancellationToken.None);
        await TestNetwork.Stock(embedded, "TENT", "WH-MUNICH", 10);
        await TestNetwork.Stock(embedded, "TENT", "WH-FRANKFURT", 10);

        var response = await embedded.Sourcing.SourceOrderAsync(TestNetwork.Order("nan-location", TestNetwork.Berlin, TestNetwork.Line("1", "TENT", 1)));

        Assert.Equal("WH-FRANKFURT", Assert.Single(response.Lines[0].Allocations).LocationId);
        Assert.Equal("not eligible", Assert.Single(response.Explanation[0].Candidates, c => c.LocationId == "WH-MUNICH").Status);
    }

    public void Dispose() => _host.Dispose();
}

using Grpc.Core;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Grpc;

/// <summary>Bad SourceOrder input gets INVALID_ARGUMENT naming the field, and nothing is reserved.</summary>
[Collection(RedisCollection.Name)]
public sealed class SourceOrderBadInputTests(RedisFixture redis) : IAsyncLifetime
{
    private readonly SourcingHost _host = new(redis.Server.Endpoint);

    public async Task InitializeAsync()
    {
        await TestNetwork.AddAsync(_host);
        await TestNetwork.Stock(_host, "TENT", "WH-FRANKFURT", 10);
    }

    public static TheoryData<string, Action<SourceOrderRequest>> BadRequests => new()
    {
        { "lines", r => r.Lines.Clear() },
        { "lines[0].quantity", r => r.Lines[0].Quantity = 0 },
        { "lines[0].quantity", r => r.Lines[0].Quantity = -2 },
        { "lines", r => r.Lines.AddRange(Enumerable.Range(0, 500).Select(i => TestNetwork.Line($"x{i}", "TENT", 1))) },
        { "delivery.method", r => r.Delivery = new DeliveryOption { Method = DeliveryMethod.Unspecified } },
        { "delivery.pickup_location_id", r => r.Delivery = new DeliveryOption { Method = DeliveryMethod.Pickup, PickupLocationId = "WH-FRANKFURT" } },
        { "destination", r => r.Destination = new Destination() },
        { "destination", r => r.Destination = new Destination { PostalCode = "00000" } },
        { "request_id", r => r.RequestId = "" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task SourceOrder_BadInput_InvalidArgumentNamingTheFieldAndNothingReserved(string field, Action<SourceOrderRequest> spoil)
    {
        var request = TestNetwork.Order(Guid.NewGuid().ToString(), TestNetwork.Frankfurt, TestNetwork.Line("1", "TENT", 1));
        spoil(request);

        await RpcAssert.InvalidArgumentAsync(field, () => _host.Sourcing.SourceOrderAsync(request).ResponseAsync);

        var availability = await _host.Inventory.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { "TENT" } });
        Assert.Equal(0, Assert.Single(availability.Skus[0].Locations).Reserved);
    }

    [Fact]
    public async Task SourceOrder_RedisUnreachable_IsUnavailable()
    {
        using var offline = new SourcingHost(RedisFixture.UnreachableEndpoint());

        await RpcAssert.StatusAsync(StatusCode.Unavailable,
            () => offline.Sourcing.SourceOrderAsync(TestNetwork.Order("offline", TestNetwork.Frankfurt, TestNetwork.Line("1", "TENT", 1))).ResponseAsync);
    }

    public Task DisposeAsync()
    {
        _host.Dispose();
        return Task.CompletedTask;
    }
}

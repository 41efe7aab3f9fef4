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
        { "request_id", r => r.RequestId = "POISON-1\n" },
        { "request_id", r => r.RequestId = new string('r', 129) },
        { "request_id", r => r.RequestId = "order-{1}" },
        { "order_id", r => r.OrderId = new string('o', 129) },
        { "order_id", r => r.OrderId = "O-1\n" },
        { "channel", r => r.Channel = "web\n" },
        { "lines[3].sku", r => r.Lines.AddRange([TestNetwork.Line("a", "TENT", 1), TestNetwork.Line("b", "TENT", 1), TestNetwork.Line("c", "POISON-1\n", 1)]) },
        { "lines[0].sku", r => r.Lines[0].Sku = "POISON-1\n" },
        { "lines[0].line_id", r => r.Lines[0].LineId = "1\n" },
        { "lines[0].category", r => r.Lines[0].Category = new string('c', 65) },
        { "lines[0].kit_id", r => r.Lines[0].KitId = new string('k', 65) },
        { "lines[0].unit_price.currency_code", r => r.Lines[0].UnitPrice.CurrencyCode = new string('E', 100_000) },
        { "destination.coordinates", r => r.Destination = new Destination { Coordinates = new GeoPoint { Latitude = double.NaN, Longitude = 13.4 } } },
        { "destination.coordinates", r => r.Destination = new Destination { Coordinates = new GeoPoint { Latitude = 52.5, Longitude = double.PositiveInfinity } } },
        { "destination.postal_code", r => r.Destination = new Destination { PostalCode = new string('1', 1_000_000) } },
        { "destination.country_code", r => r.Destination.CountryCode = "Germany" },
        { "customer.id", r => r.Customer = new Customer { Id = new string('c', 129) } },
        { "customer.segment", r => r.Customer = new Customer { Segment = new string('s', 65) } },
        { "payment_method", r => r.PaymentMethod = new string('p', 33) },
        { "delivery.id", r => r.Delivery.Id = new string('d', 65) },
        { "delivery.pickup_location_id", r => r.Delivery = new DeliveryOption { Method = DeliveryMethod.Pickup, PickupLocationId = new string('S', 100_000) } },
        { "delivery.pickup_location_id", r => r.Delivery = new DeliveryOption { Method = DeliveryMethod.Standard, PickupLocationId = new string('S', 100_000) } },
        { "delivery.pickup_location_id", r => r.Delivery = new DeliveryOption { Method = DeliveryMethod.Pickup, PickupLocationId = "ST-\u0001" } },
        { "reservation_ttl_seconds", r => r.ReservationTtlSeconds = -1 },
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
    public async Task SourceOrder_HugeBadValues_AnswerDoesNotEchoThem()
    {
        var request = TestNetwork.Order("huge-values", TestNetwork.Frankfurt, TestNetwork.Line("1", "TENT", 1));
        request.Destination = new Destination { PostalCode = new string('1', 1_000_000) };
        request.Delivery = new DeliveryOption { Method = DeliveryMethod.Pickup, PickupLocationId = new string('S', 1_000_000) };

        var exception = await RpcAssert.StatusAsync(StatusCode.InvalidArgument, () => _host.Sourcing.SourceOrderAsync(request).ResponseAsync);

        Assert.True(exception.Status.Detail.Length < 1_000, $"the error is {exception.Status.Detail.Length} characters long");
    }

    [Fact]
    public async Task SourceOrder_UnknownPostalCodeWithControlCharacters_MessageShowsThemEscaped()
    {
        var request = TestNetwork.Order("control-postal", TestNetwork.Frankfurt, TestNetwork.Line("1", "TENT", 1));
        request.Destination = new Destination { PostalCode = "abc\n" };

        var exception = await RpcAssert.StatusAsync(StatusCode.InvalidArgument, () => _host.Sourcing.SourceOrderAsync(request).ResponseAsync);

        Assert.DoesNotContain('\n', exception.Status.Detail);
    }

    [Fact]
    public async Task Promise_NaNDestination_InvalidArgumentNamingCoordinates()
    {
        var request = new PromiseRequest
        {
            Channel = "web",
            Destination = new Destination { Coordinates = new GeoPoint { Latitude = double.NaN, Longitude = double.NaN } },
            Lines = { TestNetwork.Line("1", "TENT", 1) },
            Options = { new DeliveryOption { Method = DeliveryMethod.Standard } },
        };

        await RpcAssert.InvalidArgumentAsync("destination.coordinates", () => _host.Sourcing.PromiseAsync(request).ResponseAsync);
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

using Microsoft.Extensions.Options;
using Sourcing.Orders;
using Sourcing.Orders.Returns;
using Sourcing.Service.Inventory;
using Sourcing.Service.Locations;
using Sourcing.Service.Returns;
using Sourcing.Service.Storage.InMemory;

namespace Sourcing.Service.Tests.Returns.Ports;

/// <summary>
/// Where returned goods are sent, over a network laid out north of the order's destination (one degree of latitude is
/// 111 km): a store 100 km away, warehouses at 145 km (within 1.5 × of it) and 200 km (beyond), and at 0 km a
/// drop-ship supplier and an inactive store, which never take returns.
/// </summary>
public sealed class ReturnDestinationPlannerTests
{
    private const double Latitude = 52.0;
    private const double Longitude = 13.0;

    private readonly InMemoryLocationStore _locations = new();
    private readonly InMemoryStockStore _stock = new();
    private readonly ReturnDestinationPlanner _planner;

    public ReturnDestinationPlannerTests()
    {
        var catalog = new LocationCatalog(_locations, TimeProvider.System, Options.Create(new InventoryOptions()));
        _planner = new ReturnDestinationPlanner(catalog, _stock);
        Add("ST-NEAR", LocationKind.Store, Latitude + 0.9);
        Add("WH-MID", LocationKind.Warehouse, Latitude + 1.3);
        Add("WH-FAR", LocationKind.Warehouse, Latitude + 1.8);
        Add("DS-SUPPLIER", LocationKind.DropShipSupplier, Latitude);
        Add("ST-CLOSED", LocationKind.Store, Latitude, active: false);
    }

    [Fact]
    public async Task ProposeAsync_CustomersChosenStore_IsTheDestination()
    {
        var destination = await _planner.ProposeAsync(Request(preferred: "WH-FAR"), default);

        Assert.Equal("WH-FAR", destination.LocationId);
        Assert.Equal(["WH-FAR: the drop-off location the customer chose (warehouse)"], destination.Explanation);
    }

    [Theory]
    [InlineData("ST-NOWHERE", "does not exist")]
    [InlineData("ST-CLOSED", "inactive")]
    [InlineData("DS-SUPPLIER", "drop-ship supplier")]
    public async Task ProposeAsync_ChosenLocationThatTakesNoReturns_ThrowsNamingTheDropOffField(string preferred, string why)
    {
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => _planner.ProposeAsync(Request(preferred: preferred), default));

        Assert.Equal("drop_off_location_id", refused.ParamName);
        Assert.Contains(preferred, refused.Message, StringComparison.Ordinal);
        Assert.Contains(why, refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task ProposeAsync_NothingShort_ChoosesTheNearestStoreOrWarehouseNotTheSupplierOrInactiveStore(string? preferred)
    {
        await Stock("SKU-1", "ST-NEAR", 10);
        await Stock("SKU-1", "WH-MID", 10);

        var destination = await _planner.ProposeAsync(Request(preferred), default);

        Assert.Equal("ST-NEAR", destination.LocationId);
        Assert.Equal(["ST-NEAR: nearest location taking returns: 100 km"], destination.Explanation);
    }

    [Fact]
    public async Task ProposeAsync_SkuShortWithinOneAndAHalfTimesTheNearest_ChoosesWhereItIsShort()
    {
        await Stock("SKU-1", "ST-NEAR", 10);
        await Stock("SKU-1", "WH-MID", 0);

        var destination = await _planner.ProposeAsync(Request(), default);

        Assert.Equal("WH-MID", destination.LocationId);
        Assert.Equal(["WH-MID: SKU-1 is short there (0 available), 145 km", "ST-NEAR: nearest location taking returns: 100 km"], destination.Explanation);
    }

    [Fact]
    public async Task ProposeAsync_SkuShortOnlyTooFarAway_ChoosesTheNearestAndSaysWhyNotTheShortOne()
    {
        await Stock("SKU-1", "WH-MID", 50);
        await Stock("SKU-1", "WH-FAR", 2, safetyStock: 5);

        var destination = await _planner.ProposeAsync(Request(), default);

        Assert.Equal("ST-NEAR", destination.LocationId);
        Assert.Equal(
            ["ST-NEAR: nearest location taking returns: 100 km", "WH-FAR: SKU-1 is short there (2 available, safety stock 5), 200 km: more than 1.5 × the nearest, not preferred"],
            destination.Explanation);
    }

    [Fact]
    public async Task ProposeAsync_TwoLocationsEquallyNear_ChoosesTheSmallerId()
    {
        // Due south by the same distance as ST-NEAR is north: exactly as far along the meridian.
        Add("ST-ALPHA", LocationKind.Store, Latitude - 0.9);

        var destination = await _planner.ProposeAsync(Request(), default);

        Assert.Equal("ST-ALPHA", destination.LocationId);
    }

    [Fact]
    public async Task ProposeAsync_OrderWithPostalCodeOnly_MeasuresFromThePostalRegion()
    {
        // Postal region 10 is Berlin; the network's 52.9 °N store is nearer to it than anything else.
        var order = Order();
        (order.Latitude, order.Longitude) = (null, null);
        order.ShippingAddress = new PostalAddress { Country = "DE", PostalCode = "10115", City = "Berlin" };

        var destination = await _planner.ProposeAsync(new ReturnRoutingRequest(order, ReturnKind.Refund, [new ReturnedSku("SKU-1", 1)], null), default);

        Assert.Equal("ST-NEAR", destination.LocationId);
        Assert.StartsWith("ST-NEAR: nearest location taking returns: ", Assert.Single(destination.Explanation), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ST-NEAR", null)]
    [InlineData("WH-MID", null)]
    [InlineData("ST-NOWHERE", "location 'ST-NOWHERE' does not exist")]
    [InlineData("ST-CLOSED", "location 'ST-CLOSED' is inactive and cannot take returns")]
    [InlineData("DS-SUPPLIER", "location 'DS-SUPPLIER' is a drop-ship supplier and cannot take returns")]
    public async Task ReceivingProblemAsync_Location_SaysWhyItCannotReceiveOrNull(string locationId, string? problem)
    {
        Assert.Equal(problem, await _planner.ReceivingProblemAsync(locationId, default));
    }

    private static OrderDocument Order() => new()
    {
        OrderId = "O-1",
        Channel = "web",
        Latitude = Latitude,
        Longitude = Longitude,
        Customer = new OrderCustomer { Id = "C-1" },
        Lines = [new OrderLine { LineId = "L1", Sku = "SKU-1", Quantity = 1, UnitPriceMinor = 4_900 }],
    };

    private static ReturnRoutingRequest Request(string? preferred = null) =>
        new(Order(), ReturnKind.Refund, [new ReturnedSku("SKU-1", 1)], preferred);

    private void Add(string id, LocationKind kind, double latitude, bool active = true) =>
        _locations.UpsertAsync(new Location(
            id, id, kind, new GeoCoordinate(latitude, Longitude), "DE", "10115", "Europe/Berlin",
            new LocationCapabilities(ShipsParcels: true, CustomerPickup: kind == LocationKind.Store, ShipFromStore: false),
            new MoneyAmount("EUR", 50), new MoneyAmount("EUR", 500), 4, new TimeOnly(16, 0), null, null, active, ["web"]), default).GetAwaiter().GetResult();

    private async Task Stock(string sku, string locationId, long onHand, long safetyStock = 0)
    {
        await _stock.SetStockAsync(sku, locationId, onHand, 1, DateTimeOffset.UtcNow, default);
        if (safetyStock > 0)
        {
            await _stock.SetSafetyStockAsync(sku, locationId, safetyStock, DateTimeOffset.UtcNow, default);
        }
    }
}

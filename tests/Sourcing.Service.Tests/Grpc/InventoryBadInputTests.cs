using Google.Rpc;
using Grpc.Core;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Grpc;

/// <summary>Each bad input gets INVALID_ARGUMENT naming the field, and nothing changes.</summary>
[Collection(RedisCollection.Name)]
public sealed class InventoryBadInputTests(RedisFixture redis) : IAsyncLifetime
{
    private readonly SourcingHost _host = new(redis.Server.Endpoint);

    public async Task InitializeAsync()
    {
        await _host.AddLocationAsync("WH1");
        await _host.Inventory.SetStockAsync(new SetStockRequest { Sku = "SKU-1", LocationId = "WH1", OnHand = 10, Sequence = 1 });
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-3L)]
    public async Task Reserve_QuantityNotPositive_NamesTheQuantity(long quantity)
    {
        var violation = await RpcAssert.InvalidArgumentAsync("lines[1].quantity", () => ReserveAsync(Line("SKU-1", "WH1", 1), Line("SKU-2", "WH1", quantity)));

        Assert.Contains(quantity.ToString(System.Globalization.CultureInfo.InvariantCulture), violation.Description);
        await AssertUnchangedAsync();
    }

    [Fact]
    public async Task Reserve_EmptySku_NamesTheSku()
    {
        await RpcAssert.InvalidArgumentAsync("lines[0].sku", () => ReserveAsync(Line("", "WH1", 1)));
        await AssertUnchangedAsync();
    }

    [Fact]
    public async Task Reserve_OverLongSku_NamesTheSku()
    {
        var violation = await RpcAssert.InvalidArgumentAsync("lines[0].sku", () => ReserveAsync(Line(new string('A', 65), "WH1", 1)));

        Assert.Contains("65 characters", violation.Description);
        await AssertUnchangedAsync();
    }

    [Fact]
    public async Task Reserve_UnknownLocation_NamesTheLocation()
    {
        var violation = await RpcAssert.InvalidArgumentAsync("lines[1].location_id", () => ReserveAsync(Line("SKU-1", "WH1", 1), Line("SKU-1", "NOWHERE", 1)));

        Assert.Contains("does not exist", violation.Description);
        await AssertUnchangedAsync();
    }

    [Fact]
    public async Task Reserve_DuplicateLines_NamesTheRepeat()
    {
        await RpcAssert.InvalidArgumentAsync("lines[1]", () => ReserveAsync(Line("SKU-1", "WH1", 1), Line("SKU-1", "WH1", 2)));
        await AssertUnchangedAsync();
    }

    [Fact]
    public async Task Reserve_NoRequestId_NamesTheRequestId()
    {
        await RpcAssert.InvalidArgumentAsync("request_id", () => _host.Inventory.ReserveAsync(new ReserveRequest { Lines = { Line("SKU-1", "WH1", 1) } }).ResponseAsync);
        await AssertUnchangedAsync();
    }

    [Fact]
    public async Task Reserve_SkuWithTrailingNewline_NamesTheSku()
    {
        await RpcAssert.InvalidArgumentAsync("lines[0].sku", () => ReserveAsync(Line("SKU-1\n", "WH1", 1)));
        await AssertUnchangedAsync();
    }

    [Theory]
    [InlineData("SKU-1\n", "WH1", "sku")]
    [InlineData("SKU-1", "WH1\n", "location_id")]
    public async Task SetStock_IdWithTrailingNewline_NamesTheField(string sku, string location, string field)
    {
        var violation = await RpcAssert.InvalidArgumentAsync(field, () => _host.Inventory.SetStockAsync(new SetStockRequest { Sku = sku, LocationId = location, OnHand = 1, Sequence = 2 }).ResponseAsync);

        Assert.Contains("not valid", violation.Description);
        await AssertUnchangedAsync();
    }

    [Theory]
    [InlineData("order-1\n")]
    [InlineData("order\u00001")]
    public async Task Reserve_RequestIdWithControlCharacter_NamesTheRequestId(string requestId)
    {
        await RpcAssert.InvalidArgumentAsync("request_id", () => _host.Inventory.ReserveAsync(new ReserveRequest { RequestId = requestId, Lines = { Line("SKU-1", "WH1", 1) } }).ResponseAsync);
        await AssertUnchangedAsync();
    }

    [Fact]
    public async Task GetReservation_IdWithTrailingNewline_NamesTheReservationId()
    {
        await RpcAssert.InvalidArgumentAsync("reservation_id", () => _host.Inventory.GetReservationAsync(new ReservationRequest { ReservationId = "rsv_1\n" }).ResponseAsync);
    }

    [Fact]
    public async Task SetStock_NegativeOnHand_NamesTheField()
    {
        await RpcAssert.InvalidArgumentAsync("on_hand", () => _host.Inventory.SetStockAsync(new SetStockRequest { Sku = "SKU-1", LocationId = "WH1", OnHand = -1, Sequence = 2 }).ResponseAsync);
        await AssertUnchangedAsync();
    }

    [Fact]
    public async Task ImportStock_OneMalformedRow_NamesTheRowAndAppliesNone()
    {
        using var call = _host.Inventory.ImportStock();
        for (var i = 0; i < 1_000; i++)
        {
            var row = new ImportStockRow { Sku = $"IMPORT-{i}", LocationId = "WH1", OnHand = 5, Sequence = 1 };
            if (i == 737)
            {
                row.OnHand = -5;
            }

            await call.RequestStream.WriteAsync(row);
        }

        await call.RequestStream.CompleteAsync();

        await RpcAssert.InvalidArgumentAsync("rows[737].on_hand", () => call.ResponseAsync);
        var availability = await _host.Inventory.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { "IMPORT-0", "IMPORT-999" } });
        Assert.All(availability.Skus, s => Assert.Empty(s.Locations));
    }

    [Fact]
    public async Task AdjustStock_TotalAboveMaximum_IsFailedPreconditionNamingDelta()
    {
        await _host.Inventory.SetStockAsync(new SetStockRequest { Sku = "SKU-BIG", LocationId = "WH1", OnHand = 1_000_000_000_000, Sequence = 1 });

        var refused = await RpcAssert.StatusAsync(StatusCode.FailedPrecondition, () => _host.Inventory.AdjustStockAsync(
            new AdjustStockRequest { Sku = "SKU-BIG", LocationId = "WH1", Delta = 1, Reason = "receipt", RequestId = "adjust-big" }).ResponseAsync);

        var violation = Assert.Single(refused.GetRpcStatus()!.GetDetail<PreconditionFailure>()!.Violations);
        Assert.Equal(("STOCK_LIMIT_EXCEEDED", "delta"), (violation.Type, violation.Subject));
        var availability = await _host.Inventory.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { "SKU-BIG" } });
        Assert.Equal(1_000_000_000_000, Assert.Single(availability.Skus[0].Locations).OnHand);
    }

    [Fact]
    public async Task ImportStock_OneRowOverTheLimit_IsRefusedBeforeTheStreamEnds()
    {
        using var host = new SourcingHost(redis.Server.Endpoint, new Dictionary<string, string?> { ["Inventory:MaxImportRows"] = "1000" });
        await host.AddLocationAsync("WH1");
        using var call = host.Inventory.ImportStock();
        for (var i = 0; i <= 1_000; i++)
        {
            await call.RequestStream.WriteAsync(new ImportStockRow { Sku = $"IMPORT-{i}", LocationId = "WH1", OnHand = 5, Sequence = 1 });
        }

        // The stream is left open: the refusal must come from counting, not from waiting for the end of the stream.
        var violation = await RpcAssert.InvalidArgumentAsync("rows", () => call.ResponseAsync.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Contains("more than 1000 rows", violation.Description);
        var availability = await host.Inventory.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { "IMPORT-0" } });
        Assert.Empty(availability.Skus[0].Locations);
    }

    [Fact]
    public async Task GetAvailability_TooManyLocationIds_NamesTheField()
    {
        var request = new GetAvailabilityRequest { Skus = { "SKU-1" } };
        request.LocationIds.AddRange(Enumerable.Range(0, 1_001).Select(i => $"L{i}"));

        await RpcAssert.InvalidArgumentAsync("location_ids", () => _host.Inventory.GetAvailabilityAsync(request).ResponseAsync);
    }

    [Fact]
    public async Task WatchStock_InvalidSku_NamesTheSku()
    {
        using var call = _host.Inventory.WatchStock(new WatchStockRequest { Skus = { "SKU-1", "bad sku\n" } });

        await RpcAssert.InvalidArgumentAsync("skus[1]", () => call.ResponseStream.MoveNext(CancellationToken.None));
    }

    public Task DisposeAsync()
    {
        _host.Dispose();
        return Task.CompletedTask;
    }

    private static ReservationLine Line(string sku, string location, long quantity) => new() { Sku = sku, LocationId = location, Quantity = quantity };

    private Task<Reservation> ReserveAsync(params ReservationLine[] lines) =>
        _host.Inventory.ReserveAsync(new ReserveRequest { RequestId = Guid.NewGuid().ToString(), Lines = { lines } }).ResponseAsync;

    private async Task AssertUnchangedAsync()
    {
        var availability = await _host.Inventory.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { "SKU-1", "SKU-2" } });
        var level = Assert.Single(availability.Skus[0].Locations);
        Assert.Equal((10L, 0L), (level.OnHand, level.Reserved));
        Assert.Empty(availability.Skus[1].Locations);
    }
}

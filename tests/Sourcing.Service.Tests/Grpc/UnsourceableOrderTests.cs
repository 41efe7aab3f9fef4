using Sourcing.Service.Tests.Infrastructure;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Grpc;

/// <summary>Orders no location can source are answered (backordered, or not fulfillable and why), never failed.</summary>
[Collection(RedisCollection.Name)]
public sealed class UnsourceableOrderTests(RedisFixture redis) : IAsyncLifetime
{
    private readonly SourcingHost _host = new(redis.Server.Endpoint);

    public Task InitializeAsync() => TestNetwork.AddAsync(_host);

    [Fact]
    public async Task Promise_PickupStoreHasNoStock_StandardFulfillableAndPickupNot()
    {
        await TestNetwork.Stock(_host, "SHOE-RUN-42", "WH-FRANKFURT", 10);

        var response = await _host.Sourcing.PromiseAsync(new PromiseRequest
        {
            Channel = "web",
            Destination = new Destination { PostalCode = "10117" },
            Lines = { TestNetwork.Line("1", "SHOE-RUN-42", 1) },
            Options =
            {
                new DeliveryOption { Id = "standard", Method = DeliveryMethod.Standard },
                new DeliveryOption { Id = "pickup", Method = DeliveryMethod.Pickup, PickupLocationId = "ST-BERLIN" },
            },
        });

        Assert.True(response.Options[0].Fulfillable);
        Assert.NotEmpty(response.Options[0].EarliestDeliveryDate);
        var pickup = response.Options[1];
        Assert.False(pickup.Fulfillable);
        Assert.Equal(0, pickup.Lines[0].AvailableQuantity);
        Assert.Contains("short by 1", pickup.Reason);
    }

    [Fact]
    public async Task Promise_SkuStockedNowhere_EveryOptionNotFulfillable()
    {
        var response = await _host.Sourcing.PromiseAsync(new PromiseRequest
        {
            Channel = "web",
            Destination = new Destination { PostalCode = "10117" },
            Lines = { TestNetwork.Line("1", "NOWHERE", 2) },
            Options = { new DeliveryOption { Id = "standard", Method = DeliveryMethod.Standard }, new DeliveryOption { Id = "express", Method = DeliveryMethod.Express } },
        });

        Assert.All(response.Options, option =>
        {
            Assert.False(option.Fulfillable);
            Assert.Equal("", option.EarliestDeliveryDate);
            Assert.False(option.Lines[0].Available);
        });
        Assert.Contains("short by 2", response.Options[0].Reason);

        // The rules forbid backorders for express: it cannot be planned at all, and says why.
        Assert.Equal("No location can source these lines with this option, and backorders are not allowed.", response.Options[1].Reason);
    }

    [Fact]
    public async Task SourceOrder_SkuStockedNowhere_BackordersEveryUnitAndHoldsNothing()
    {
        var response = await _host.Sourcing.SourceOrderAsync(TestNetwork.Order("nowhere-1", TestNetwork.Berlin, TestNetwork.Line("1", "NOWHERE", 3)));

        Assert.Equal(3, Assert.Single(response.Lines).Backordered);
        Assert.Empty(response.Lines[0].Allocations);
        Assert.Empty(response.Shipments);
        Assert.Equal("", response.ReservationId);
        Assert.Equal(SolverStatus.Optimal, response.Solver.Status);
    }

    [Fact]
    public async Task SourceOrder_EveryUnitAlreadyReserved_Backorders()
    {
        await TestNetwork.Stock(_host, "TENT", "WH-FRANKFURT", 2);
        var first = await _host.Sourcing.SourceOrderAsync(TestNetwork.Order("takes-all", TestNetwork.Frankfurt, TestNetwork.Line("1", "TENT", 2)));

        var second = await _host.Sourcing.SourceOrderAsync(TestNetwork.Order("comes-late", TestNetwork.Frankfurt, TestNetwork.Line("1", "TENT", 1)));

        Assert.NotEmpty(first.ReservationId);
        Assert.Equal(1, Assert.Single(second.Lines).Backordered);
        Assert.Equal("", second.ReservationId);
        Assert.Equal("not eligible", Assert.Single(second.Explanation[0].Candidates).Status);
    }

    [Fact]
    public async Task SourceOrder_ChannelNoLocationSellsTo_Backorders()
    {
        await TestNetwork.Stock(_host, "TENT", "WH-FRANKFURT", 10);
        var request = TestNetwork.Order("other-channel", TestNetwork.Frankfurt, TestNetwork.Line("1", "TENT", 1));
        request.Channel = "kiosk";

        var response = await _host.Sourcing.SourceOrderAsync(request);

        Assert.Equal(1, Assert.Single(response.Lines).Backordered);
        Assert.Equal("", response.ReservationId);
    }

    public Task DisposeAsync()
    {
        _host.Dispose();
        return Task.CompletedTask;
    }
}

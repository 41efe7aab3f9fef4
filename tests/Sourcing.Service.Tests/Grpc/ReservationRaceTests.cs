using Grpc.Core;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Grpc;

/// <summary>The oversell race, through the real gRPC host against a real Redis server.</summary>
[Collection(RedisCollection.Name)]
public sealed class ReservationRaceTests(RedisFixture redis) : ReservationRace(new SourcingHost(redis.Server.Endpoint));

/// <summary>The oversell race, through the real gRPC host on the Redis the derived class gives it (one server or a cluster).</summary>
public abstract class ReservationRace(SourcingHost host) : IDisposable
{
    private const int Buyers = 200;
    private const int LastUnits = 50;

    private readonly SourcingHost _host = host;

    [Fact]
    public async Task Reserve_200ConcurrentBuyersOfLast50Units_Exactly50SucceedAndTheRestAreToldWhy()
    {
        await StockLastUnitsAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, Buyers).Select(i => Task.Run(() => ReserveOneAsync($"buyer-{i}"))));

        Assert.Equal(LastUnits, answers.Count(a => a.Reservation is not null));
        AssertRefusalsAreInsufficientStock(answers.Where(a => a.Reservation is null).Select(a => a.Refusal!), Buyers - LastUnits);
        await AssertExactlyLastUnitsReservedAsync();
    }

    [Fact]
    public async Task Reserve_EveryRequestSentTwiceUnderOneRequestId_StillExactly50()
    {
        await StockLastUnitsAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, Buyers * 2).Select(i => Task.Run(() => ReserveOneAsync($"buyer-{i % Buyers}"))));

        var reservationIds = answers.Where(a => a.Reservation is not null).Select(a => a.Reservation!.ReservationId).ToList();
        Assert.Equal(LastUnits * 2, reservationIds.Count);
        Assert.Equal(LastUnits, reservationIds.Distinct().Count());
        for (var buyer = 0; buyer < Buyers; buyer++)
        {
            // Both copies of one request id get the same answer: the same reservation, or both a refusal.
            Assert.Equal(answers[buyer].Reservation?.ReservationId, answers[buyer + Buyers].Reservation?.ReservationId);
        }

        AssertRefusalsAreInsufficientStock(answers.Where(a => a.Reservation is null).Select(a => a.Refusal!), (Buyers - LastUnits) * 2);
        await AssertExactlyLastUnitsReservedAsync();
    }

    public void Dispose()
    {
        _host.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task StockLastUnitsAsync()
    {
        await _host.AddLocationAsync("WH1");
        await _host.Inventory.SetStockAsync(new SetStockRequest { Sku = "LAST-UNITS", LocationId = "WH1", OnHand = LastUnits, Sequence = 1 });
    }

    private async Task<(Reservation? Reservation, RpcException? Refusal)> ReserveOneAsync(string requestId)
    {
        var request = new ReserveRequest { RequestId = requestId, Lines = { new ReservationLine { Sku = "LAST-UNITS", LocationId = "WH1", Quantity = 1 } } };
        try
        {
            return (await _host.Inventory.ReserveAsync(request), null);
        }
        catch (RpcException refusal)
        {
            return (null, refusal);
        }
    }

    private static void AssertRefusalsAreInsufficientStock(IEnumerable<RpcException> refusals, int expected)
    {
        var all = refusals.ToList();
        Assert.Equal(expected, all.Count);
        foreach (var refusal in all)
        {
            Assert.Equal(StatusCode.FailedPrecondition, refusal.StatusCode);
            var shortfall = Assert.Single(refusal.GetRpcStatus()!.GetDetail<InsufficientStock>()!.Shortfalls);
            Assert.Equal(new StockShortfall { LineIndex = 0, Sku = "LAST-UNITS", LocationId = "WH1", Requested = 1, Available = 0 }, shortfall);
        }
    }

    private async Task AssertExactlyLastUnitsReservedAsync()
    {
        var availability = await _host.Inventory.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { "LAST-UNITS" } });
        var level = Assert.Single(Assert.Single(availability.Skus).Locations);
        Assert.Equal(LastUnits, level.Reserved);
        Assert.Equal(0, level.Available);

        // Every intermediate state the store went through, read back from its event stream: never below zero.
        using var watch = _host.Inventory.WatchStock(new WatchStockRequest { AfterPosition = "0", Skus = { "LAST-UNITS" } });
        var reservedSeen = new List<long>();
        while (reservedSeen.Count < LastUnits && await watch.ResponseStream.MoveNext(CancellationToken.None))
        {
            var stockEvent = watch.ResponseStream.Current;
            Assert.True(stockEvent.Level.OnHand - stockEvent.Level.Reserved >= 0, $"on hand {stockEvent.Level.OnHand} < reserved {stockEvent.Level.Reserved}");
            if (stockEvent.Kind == StockChangeKind.Reserved)
            {
                reservedSeen.Add(stockEvent.Level.Reserved);
            }
        }

        Assert.Equal(Enumerable.Range(1, LastUnits).Select(i => (long)i), reservedSeen);
    }
}

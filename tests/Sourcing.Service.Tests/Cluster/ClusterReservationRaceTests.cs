using Grpc.Core;
using Sourcing.Service.Tests.Grpc;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Cluster;

/// <summary>The 200-buyer oversell race of the single server, on the cluster with the stock spread over 8 partitions.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class ClusterReservationRaceTests(RedisClusterFixture redis) : ReservationRace(ClusterHost.Create(redis));

/// <summary>
/// Reservations whose lines live on different masters: every line held or none, under 200 concurrent buyers.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class ClusterMultiPartitionRaceTests(RedisClusterFixture redis) : IDisposable
{
    private const int Buyers = 200;
    private const int ScarceUnits = 50;
    private const int PlentifulUnits = 80;

    private readonly SourcingHost _host = ClusterHost.Create(redis);

    [Fact]
    public async Task Reserve_200BuyersOfTwoSkusOnDifferentMasters_Exactly50HoldBothAndTheRestAreToldWhy()
    {
        const string scarce = "TENT-RACE";
        var plentiful = StockPartition.SkuOnAnotherMaster(redis, "STOVE-RACE", scarce);
        Assert.NotEqual(redis.Cluster.MasterOf(StockPartition.HashTag(StockPartition.Of(scarce))), redis.Cluster.MasterOf(StockPartition.HashTag(StockPartition.Of(plentiful))));
        await _host.AddLocationAsync("WH1");
        await _host.Inventory.SetStockAsync(new SetStockRequest { Sku = scarce, LocationId = "WH1", OnHand = ScarceUnits, Sequence = 1 });
        await _host.Inventory.SetStockAsync(new SetStockRequest { Sku = plentiful, LocationId = "WH1", OnHand = PlentifulUnits, Sequence = 1 });

        var answers = await Task.WhenAll(Enumerable.Range(0, Buyers).Select(i => Task.Run(async () =>
        {
            var request = new ReserveRequest
            {
                RequestId = $"pair-buyer-{i}",
                Lines =
                {
                    new ReservationLine { Sku = scarce, LocationId = "WH1", Quantity = 1 },
                    new ReservationLine { Sku = plentiful, LocationId = "WH1", Quantity = 1 },
                },
            };
            try
            {
                return (Reservation: await _host.Inventory.ReserveAsync(request), Refusal: (RpcException?)null);
            }
            catch (RpcException refusal)
            {
                return (Reservation: (Reservation?)null, Refusal: refusal);
            }
        })));

        var held = answers.Where(a => a.Reservation is not null).Select(a => a.Reservation!).ToList();
        Assert.Equal(ScarceUnits, held.Count);
        Assert.All(held, r =>
        {
            Assert.Equal(ReservationStatus.Held, r.Status);
            Assert.Equal(2, r.Lines.Count);
        });
        var refusals = answers.Where(a => a.Reservation is null).Select(a => a.Refusal!).ToList();
        Assert.Equal(Buyers - ScarceUnits, refusals.Count);
        foreach (var refusal in refusals)
        {
            Assert.Equal(StatusCode.FailedPrecondition, refusal.StatusCode);
            var shortfalls = refusal.GetRpcStatus()!.GetDetail<InsufficientStock>()!.Shortfalls;
            Assert.NotEmpty(shortfalls);
            Assert.All(shortfalls, s => Assert.Equal((1L, 0L), (s.Requested, s.Available)));
        }

        // Both SKUs hold exactly the units of the 50 reservations: a refused buyer's plentiful line was not kept.
        var availability = await _host.Inventory.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { scarce, plentiful } });
        var levels = availability.Skus.ToDictionary(s => s.Sku, s => Assert.Single(s.Locations));
        Assert.Equal((ScarceUnits, 0L), (levels[scarce].Reserved, levels[scarce].Available));
        Assert.Equal((ScarceUnits, (long)(PlentifulUnits - ScarceUnits)), (levels[plentiful].Reserved, levels[plentiful].Available));

        // Each reservation reads back as held with both lines.
        foreach (var reservation in held)
        {
            var read = await _host.Inventory.GetReservationAsync(new ReservationRequest { ReservationId = reservation.ReservationId });
            Assert.Equal(ReservationStatus.Held, read.Status);
            Assert.Equal(new[] { scarce, plentiful }.Order(StringComparer.Ordinal), read.Lines.Select(l => l.Sku).Order(StringComparer.Ordinal));
        }
    }

    public void Dispose() => _host.Dispose();
}

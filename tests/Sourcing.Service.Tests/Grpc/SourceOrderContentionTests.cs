using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Sourcing.Service.Inventory;
using Sourcing.Service.Storage.Redis;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Grpc;

/// <summary>Many orders racing for too little stock: each is held, backordered, or ABORTED with nothing held — never UNKNOWN.</summary>
[Collection(RedisCollection.Name)]
public sealed class SourceOrderContentionTests(RedisFixture redis)
{
    [Fact]
    public async Task SourceOrder_LostTwoRaces_SolvesAgainUntilHeld()
    {
        using var racing = new SourcingHost(redis.Server.Endpoint, services: services =>
            services.AddSingleton<IStockStore>(sp => new RacingStockStore(ActivatorUtilities.CreateInstance<RedisStockStore>(sp), races: 2)));
        await TestNetwork.AddAsync(racing);
        await TestNetwork.Stock(racing, "LAST", "WH-FRANKFURT", 1);
        await TestNetwork.Stock(racing, "LAST", "WH-MUNICH", 1);
        await TestNetwork.Stock(racing, "LAST", "ST-BERLIN", 5);

        var response = await racing.Sourcing.SourceOrderAsync(TestNetwork.Order("lost-two", TestNetwork.Frankfurt, TestNetwork.Line("1", "LAST", 1)));

        Assert.True(response.ResolvedAfterRace);
        Assert.Equal("ST-BERLIN", Assert.Single(response.Lines[0].Allocations).LocationId);
        var held = await racing.Inventory.GetReservationAsync(new ReservationRequest { ReservationId = response.ReservationId });
        Assert.Equal(V1.ReservationStatus.Held, held.Status);
    }

    [Fact]
    public async Task SourceOrder_150ConcurrentOrdersFor50Units_HeldOrBackorderedAndHoldsMatchTheStore()
    {
        using var host = new SourcingHost(redis.Server.Endpoint);
        await TestNetwork.AddAsync(host);
        string[] locations = ["WH-FRANKFURT", "WH-MUNICH", "ST-BERLIN", "ST-POTSDAM"];
        foreach (var (location, units) in locations.Zip(new long[] { 20, 15, 10, 5 }))
        {
            await TestNetwork.Stock(host, "BOOT", location, units);
        }

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 150).Select(i => Task.Run(async () =>
        {
            var request = TestNetwork.Order($"rush-{i}", i % 2 == 0 ? TestNetwork.Frankfurt : TestNetwork.Berlin, TestNetwork.Line("1", "BOOT", 1 + (i % 2)));
            try
            {
                return (Status: StatusCode.OK, Answer: await host.Sourcing.SourceOrderAsync(request, deadline: DateTime.UtcNow.AddSeconds(60)));
            }
            catch (RpcException e)
            {
                return (Status: e.StatusCode, Answer: (SourceOrderResponse?)null);
            }
        })));

        Assert.All(outcomes, o => Assert.Contains(o.Status, new[] { StatusCode.OK, StatusCode.Aborted }));
        var answers = outcomes.Where(o => o.Status == StatusCode.OK).Select(o => o.Answer!).ToList();
        var heldByAnswers = 0L;
        foreach (var answer in answers.Where(a => a.ReservationId.Length > 0))
        {
            var held = await host.Inventory.GetReservationAsync(new ReservationRequest { ReservationId = answer.ReservationId });
            Assert.Equal(V1.ReservationStatus.Held, held.Status);
            Assert.Equal(answer.Lines.Sum(l => l.Allocations.Sum(a => a.Quantity)), held.Lines.Sum(l => l.Quantity));
            heldByAnswers += held.Lines.Sum(l => l.Quantity);
        }

        var availability = await host.Inventory.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { "BOOT" } });
        Assert.Equal(heldByAnswers, availability.Skus[0].Locations.Sum(l => l.Reserved));
        Assert.All(answers.Where(a => a.ReservationId.Length == 0), a => Assert.True(a.Lines[0].Backordered > 0));
        Assert.True(answers.Count >= 140, $"{150 - answers.Count} of 150 ended ABORTED");
        Assert.Contains(answers, a => a.ReservationId.Length == 0);
    }
}

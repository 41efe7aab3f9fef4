using Google.Rpc;
using Grpc.Core;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Grpc;

/// <summary>
/// Each field within its bound, their product beyond what can be priced exactly (2^53 minor units): the order is
/// refused as FAILED_PRECONDITION naming the limit, never UNKNOWN, and nothing is held.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class PlanOutOfRangeTests(RedisFixture redis) : IDisposable
{
    private readonly SourcingHost _host = new(redis.Server.Endpoint);

    [Fact]
    public async Task SourceOrder_CostsBeyondExactPricing_IsFailedPreconditionAndHoldsNothing()
    {
        var pricey = await _host.AddLocationAsync("WH-GOLD");
        pricey.HandlingCostPerUnit = new Money { CurrencyCode = "EUR", MinorUnits = 1_000_000_000 };
        await _host.Locations.UpsertLocationAsync(new UpsertLocationRequest { Location = pricey });
        var request = TestNetwork.Order("gold-1", TestNetwork.Frankfurt);
        for (var i = 0; i < 100; i++)
        {
            await TestNetwork.Stock(_host, $"BAR-{i}", "WH-GOLD", 100_000);
            request.Lines.Add(TestNetwork.Line($"{i}", $"BAR-{i}", 100_000));
        }

        var refused = await RpcAssert.StatusAsync(StatusCode.FailedPrecondition, () => _host.Sourcing.SourceOrderAsync(request).ResponseAsync);

        Assert.Equal("PLAN_OUT_OF_RANGE", refused.GetRpcStatus()?.GetDetail<PreconditionFailure>()?.Violations[0].Type);
        var stock = await _host.Inventory.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { "BAR-0" }, LocationIds = { "WH-GOLD" } });
        Assert.Equal(0, stock.Skus[0].Locations[0].Reserved);
    }

    public void Dispose() => _host.Dispose();
}

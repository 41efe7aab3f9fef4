using Grpc.Core;
using Grpc.Health.V1;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Grpc;

[Collection(RedisCollection.Name)]
public sealed class HealthTests(RedisFixture redis)
{
    [Fact]
    public async Task Check_RedisUp_IsServing()
    {
        using var host = new SourcingHost(redis.Server.Endpoint);

        var response = await host.Health.CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Check_RedisUnreachable_IsNotServingAndReserveIsUnavailable()
    {
        // Nothing listens there: the service starts, reports NOT_SERVING and refuses stock calls with UNAVAILABLE.
        using var host = new SourcingHost(RedisFixture.UnreachableEndpoint());

        var response = await host.Health.CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, response.Status);
        await RpcAssert.StatusAsync(StatusCode.Unavailable, () => host.Inventory.GetAvailabilityAsync(new GetAvailabilityRequest { Skus = { "SKU-1" } }).ResponseAsync);
    }
}

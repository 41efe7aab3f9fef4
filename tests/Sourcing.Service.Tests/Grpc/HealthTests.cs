using Grpc.Core;
using Grpc.Health.V1;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.Testing;
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

    [Fact]
    public async Task Watch_RedisStallsAndRecovers_FollowsWithinSeconds()
    {
        using var stalled = LocalRedisServer.Start();
        using var host = new SourcingHost(stalled.Endpoint);
        using var watch = host.Health.Watch(new HealthCheckRequest(), cancellationToken: new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        var statuses = watch.ResponseStream;

        await NextStatusAsync(statuses, HealthCheckResponse.Types.ServingStatus.Serving);
        stalled.Freeze();
        try
        {
            await NextStatusAsync(statuses, HealthCheckResponse.Types.ServingStatus.NotServing);
        }
        finally
        {
            stalled.Thaw();
        }

        await NextStatusAsync(statuses, HealthCheckResponse.Types.ServingStatus.Serving);
    }

    /// <summary>
    /// Reads Watch updates until the wanted status arrives, within 10 s: the publisher runs every second and a PING
    /// times out after one, so a probe sees a change within a few seconds (the default publisher took 40-80 s).
    /// </summary>
    private static async Task NextStatusAsync(IAsyncStreamReader<HealthCheckResponse> statuses, HealthCheckResponse.Types.ServingStatus wanted)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (await statuses.MoveNext(timeout.Token))
        {
            if (statuses.Current.Status == wanted)
            {
                return;
            }
        }

        Assert.Fail($"Health/Watch ended before reporting {wanted}.");
    }
}

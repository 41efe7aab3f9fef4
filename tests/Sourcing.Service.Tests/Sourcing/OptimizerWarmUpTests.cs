using Grpc.Health.V1;
using Microsoft.Extensions.DependencyInjection;
using Sourcing.Service.Sourcing;
using Sourcing.Service.Tests.Infrastructure;

namespace Sourcing.Service.Tests.Sourcing;

[Collection(RedisCollection.Name)]
public sealed class OptimizerWarmUpTests(RedisFixture redis)
{
    [Fact]
    public async Task Start_HostAnswersHealth_OptimizerAlreadyWarmedUpByACpSatSearch()
    {
        using var host = new SourcingHost(redis.Server.Endpoint);

        var response = await host.Health.CheckAsync(new HealthCheckRequest());
        var readiness = host.Services.GetRequiredService<OptimizerReadiness>();

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
        Assert.True(readiness.IsWarmedUp, "health answered SERVING before the optimizer warm-up finished");
        Assert.True(readiness.SearchedWithCpSat, "the warm-up did not reach a CP-SAT search");
    }
}

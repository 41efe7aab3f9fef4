using Grpc.Health.V1;
using Sourcing.LoadTest.Client;

namespace Sourcing.LoadTest.Scenarios;

/// <summary>
/// The floor: grpc.health.v1 Health/Check, the cheapest RPC the service has (no token, no store access on the
/// call path), through the same channels, the same HTTP/2 connections and the same scheduling as the real traffic.
/// </summary>
internal sealed class GrpcNoopScenario(ServiceClients clients) : ILoadScenario
{
    private static readonly HealthCheckRequest Request = new();

    public string Name => "Health/Check";

    public Task<CallOutcome> RunOnceAsync(CancellationToken cancellationToken) =>
        GrpcCall.RunAsync(Name, clients.Health.CheckAsync(Request, clients.Options(cancellationToken)));
}

using Sourcing.LoadTest.Client;
using Sourcing.LoadTest.Network;

namespace Sourcing.LoadTest.Scenarios;

/// <summary>SourceOrder only, each order reserving its stock (the checkout call a shop makes).</summary>
internal sealed class SourceOrderScenario(ServiceClients clients, OrderFactory orders) : ILoadScenario
{
    public string Name => "SourceOrder";

    public Task<CallOutcome> RunOnceAsync(CancellationToken cancellationToken) =>
        GrpcCall.RunAsync(Name, clients.Sourcing.SourceOrderAsync(orders.SourceOrder(reserve: true), clients.Options(cancellationToken)));
}

using System.Collections.Concurrent;
using Sourcing.LoadTest.Client;
using Sourcing.LoadTest.Network;
using Sourcing.V1;

namespace Sourcing.LoadTest.Scenarios;

/// <summary>
/// A shop's day in proportions: checkouts (SourceOrder reserving), most of them committed later and some released
/// (abandoned carts), delivery promises and availability reads for product pages, orders captured with CreateOrder
/// and a few of those cancelled. Stock runs down as reservations commit.
/// </summary>
internal sealed class MixedScenario(ServiceClients clients, OrderFactory orders, MixWeights weights) : ILoadScenario
{
    // Reservations and orders waiting for their follow-up call; bounded so a long run does not hoard them.
    private const int MaxWaiting = 10_000;
    private readonly ConcurrentQueue<string> _reservations = new();
    private readonly ConcurrentQueue<string> _orders = new();

    public string Name => "mixed";

    public Task<CallOutcome> RunOnceAsync(CancellationToken cancellationToken)
    {
        var options = clients.Options(cancellationToken);
        var draw = Random.Shared.Next(weights.Total);
        if ((draw -= weights.Source) < 0)
        {
            return Source(options);
        }

        if ((draw -= weights.Commit) < 0)
        {
            return _reservations.TryDequeue(out var id)
                ? GrpcCall.RunAsync("CommitReservation", clients.Inventory.CommitReservationAsync(new ReservationRequest { ReservationId = id }, options))
                : Source(options);
        }

        if ((draw -= weights.Release) < 0)
        {
            return _reservations.TryDequeue(out var id)
                ? GrpcCall.RunAsync("ReleaseReservation", clients.Inventory.ReleaseReservationAsync(new ReservationRequest { ReservationId = id }, options))
                : Source(options);
        }

        if ((draw -= weights.Promise) < 0)
        {
            return GrpcCall.RunAsync("Promise", clients.Sourcing.PromiseAsync(orders.Promise(), options));
        }

        if ((draw -= weights.Availability) < 0)
        {
            return GrpcCall.RunAsync("GetAvailability", clients.Inventory.GetAvailabilityAsync(orders.Availability(), options));
        }

        if ((draw -= weights.Create) < 0)
        {
            return Create(options);
        }

        return _orders.TryDequeue(out var orderId)
            ? GrpcCall.RunAsync("CancelOrder", clients.Orders.CancelOrderAsync(new CancelOrderRequest { OrderId = orderId, Reason = "customer changed their mind (load test)" }, options))
            : Create(options);
    }

    private Task<CallOutcome> Source(Grpc.Core.CallOptions options) =>
        GrpcCall.RunAsync("SourceOrder", clients.Sourcing.SourceOrderAsync(orders.SourceOrder(reserve: true), options), answer =>
        {
            if (answer.ReservationId.Length > 0 && _reservations.Count < MaxWaiting)
            {
                _reservations.Enqueue(answer.ReservationId);
            }
        });

    private Task<CallOutcome> Create(Grpc.Core.CallOptions options) =>
        GrpcCall.RunAsync("CreateOrder", clients.Orders.CreateOrderAsync(orders.CreateOrder(), options), answer =>
        {
            if (_orders.Count < MaxWaiting)
            {
                _orders.Enqueue(answer.OrderId);
            }
        });
}

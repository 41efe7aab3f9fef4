using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Sourcing.Service.Security;
using Sourcing.V1;

namespace Sourcing.Service.Sourcing;

/// <summary>
/// The gRPC face of promising and sourcing: the channel comes from the caller's token, the call's deadline and
/// cancellation go to the handlers.
/// </summary>
public sealed class SourcingGrpcService(PromiseHandler promise, SourceOrderHandler sourceOrder, IOptions<LimitsOptions> limits) : SourcingService.SourcingServiceBase
{
    [Authorize(Policy = RpcPolicies.Sell)]
    public override Task<PromiseResponse> Promise(PromiseRequest request, ServerCallContext context)
    {
        request.Channel = Caller.Of(context).ChannelFor(request.Channel);
        return promise.HandleAsync(request, context.Deadline, context.CancellationToken);
    }

    [Authorize(Policy = RpcPolicies.Sell)]
    public override Task<SourceOrderResponse> SourceOrder(SourceOrderRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        request.Channel = caller.ChannelFor(request.Channel);
        caller.EnsureReservationTtl(request.ReservationTtlSeconds, limits.Value.ChannelReservationTtl, "reservation_ttl_seconds");
        return sourceOrder.HandleAsync(request, context.Deadline, context.CancellationToken);
    }
}

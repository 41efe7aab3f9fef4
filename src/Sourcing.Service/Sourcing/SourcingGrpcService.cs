using Grpc.Core;
using Sourcing.V1;

namespace Sourcing.Service.Sourcing;

/// <summary>The gRPC face of promising and sourcing: passes the call's deadline and cancellation to the handlers.</summary>
public sealed class SourcingGrpcService(PromiseHandler promise, SourceOrderHandler sourceOrder) : SourcingService.SourcingServiceBase
{
    public override Task<PromiseResponse> Promise(PromiseRequest request, ServerCallContext context) =>
        promise.HandleAsync(request, context.Deadline, context.CancellationToken);

    public override Task<SourceOrderResponse> SourceOrder(SourceOrderRequest request, ServerCallContext context) =>
        sourceOrder.HandleAsync(request, context.Deadline, context.CancellationToken);
}

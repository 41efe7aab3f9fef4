using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Sourcing.Orders;
using Sourcing.Orders.Returns;
using Sourcing.Service.Errors;
using Sourcing.Service.Security;
using Proto = Sourcing.V1;

namespace Sourcing.Service.Returns;

/// <summary>
/// The gRPC face of returns: validates, decides what the caller may see and where it may act, calls the return service
/// and maps back. No return logic lives here.
/// </summary>
public sealed class ReturnGrpcService(
    ReturnService returns, ReturnProposer proposer, OrderLifecycle orders, ReturnOptions options, TimeProvider clock)
    : Proto.ReturnService.ReturnServiceBase
{
    [Authorize(Policy = RpcPolicies.ReturnsCreate)]
    public override async Task<Proto.Return> AuthoriseReturn(Proto.AuthoriseReturnRequest request, ServerCallContext context)
    {
        var access = ReturnAccess.Of(context);
        AuthoriseReturnCommand command = null!;
        ReturnRequestReader.Validate(problems => command = ReturnRequestReader.Authorise(problems, request, options.MaxLinesPerReturn));
        access.EnsureDropOffLocation(request.DropOffLocationId, "drop_off_location_id");
        return Map(await Domain(() => returns.AuthoriseAsync(command, access.Caller(), context.CancellationToken)));
    }

    [Authorize(Policy = RpcPolicies.ReturnsCreate)]
    public override async Task<Proto.ReturnProposal> ProposeReturnDestination(Proto.AuthoriseReturnRequest request, ServerCallContext context)
    {
        var access = ReturnAccess.Of(context);
        AuthoriseReturnCommand command = null!;
        ReturnRequestReader.Validate(problems => command = ReturnRequestReader.Authorise(problems, request, options.MaxLinesPerReturn));
        access.EnsureDropOffLocation(request.DropOffLocationId, "drop_off_location_id");
        var order = await orders.GetAsync(command.OrderId, access.Channels, context.CancellationToken);
        if (access.OwnCustomerId is { } own && order.Document.Customer.Id != own)
        {
            throw new OrderNotFoundException(command.OrderId);
        }

        var (policy, destination) = await Domain(() => proposer.ProposeAsync(order.Document, command, context.CancellationToken));
        return new Proto.ReturnProposal
        {
            DestinationLocationId = destination.LocationId,
            DestinationExplanation = { destination.Explanation },
            Lines =
            {
                policy.Lines.Select(l => new Proto.ReturnLineProposal
                {
                    LineId = l.LineId, Refused = l.Refused, RefusedByRule = l.RefusedByRule, RefusalReason = l.RefusalReason, RestockingFeeBasisPoints = l.RestockingFeeBasisPoints,
                }),
            },
            InstantRefund = policy.InstantRefund,
            ShipBeforeReturn = policy.ShipBeforeReturn,
            PolicyRulesVersion = policy.RulesVersion,
            PolicyExplanation = { policy.Explanation },
        };
    }

    [Authorize(Policy = RpcPolicies.ReturnsRead)]
    public override async Task<Proto.Return> GetReturn(Proto.GetReturnRequest request, ServerCallContext context)
    {
        ReturnRequestReader.Validate(problems => ReturnRequestReader.ReturnRef(problems, request.Return));
        return Map(await returns.GetAsync(request.Return, ReturnAccess.Of(context).Caller(), context.CancellationToken));
    }

    [Authorize(Policy = RpcPolicies.ReturnsRead)]
    public override async Task<Proto.ListReturnsResponse> ListReturns(Proto.ListReturnsRequest request, ServerCallContext context)
    {
        var access = ReturnAccess.Of(context);
        ReturnStatus? status = null;
        var pageSize = 0;
        ReturnPageToken? after = null;
        ReturnRequestReader.Validate(problems => status = ReturnRequestReader.List(problems, request, out pageSize, out after));
        var customerId = request.CustomerId.Length == 0 ? null : request.CustomerId;
        if (access.OwnCustomerId is { } own)
        {
            // A customer lists their own returns; asking for another customer's finds none.
            if (customerId is not null && customerId != own)
            {
                return new Proto.ListReturnsResponse();
            }

            customerId = own;
        }

        var query = new ReturnQuery(
            request.OrderId.Length == 0 ? null : request.OrderId, customerId, access.Channels, request.LocationId.Length == 0 ? null : request.LocationId, status, pageSize, after);
        var page = await returns.ListAsync(query, context.CancellationToken);
        return new Proto.ListReturnsResponse
        {
            Returns = { page.Returns.Select(ReturnMapping.ToProto) },
            NextPageToken = ReturnPageTokens.Write(page.Next),
        };
    }

    [Authorize(Policy = RpcPolicies.ReturnsReceive)]
    public override async Task<Proto.Return> RecordDropOff(Proto.RecordDropOffRequest request, ServerCallContext context)
    {
        var access = ReturnAccess.Of(context);
        DropOffCommand command = null!;
        ReturnRequestReader.Validate(problems => command = ReturnRequestReader.DropOff(problems, request, clock.GetUtcNow()));
        if (command.DropOffPoint != ReturnRequestReader.CarrierDropOff)
        {
            access.EnsureLocation(command.DropOffPoint);
        }

        return Map(await Domain(() => returns.RecordDropOffAsync(command, access.Caller(), context.CancellationToken)));
    }

    [Authorize(Policy = RpcPolicies.ReturnsReceive)]
    public override async Task<Proto.Return> ReceiveReturn(Proto.ReceiveReturnRequest request, ServerCallContext context)
    {
        var access = ReturnAccess.Of(context);
        ReceiveReturnCommand command = null!;
        ReturnRequestReader.Validate(problems => command = ReturnRequestReader.Receive(problems, request, options.MaxLinesPerReturn));
        access.EnsureLocation(command.LocationId);
        return Map(await Domain(() => returns.ReceiveAsync(command, access.Caller(), context.CancellationToken)));
    }

    [Authorize(Policy = RpcPolicies.ReturnsManage)]
    public override async Task<Proto.Return> CancelReturn(Proto.CancelReturnRequest request, ServerCallContext context)
    {
        ReturnRequestReader.Validate(problems => ReturnRequestReader.Cancel(problems, request));
        return Map(await Domain(() => returns.CancelAsync(request.Return, request.Reason, ReturnAccess.Of(context).Caller(), context.CancellationToken)));
    }

    [Authorize(Policy = RpcPolicies.ReturnsManage)]
    public override async Task<Proto.Return> RefundReturn(Proto.ReturnRef request, ServerCallContext context)
    {
        ReturnRequestReader.Validate(problems => ReturnRequestReader.ReturnRef(problems, request.Return));
        return Map(await Domain(() => returns.RefundNowAsync(request.Return, ReturnAccess.Of(context).Caller(), context.CancellationToken)));
    }

    [Authorize(Policy = RpcPolicies.ReturnsManage)]
    public override async Task<Proto.Return> SendToRepairPartner(Proto.SendToRepairPartnerRequest request, ServerCallContext context)
    {
        ReturnRequestReader.Validate(problems => ReturnRequestReader.SendToRepair(problems, request));
        return Map(await Domain(() => returns.SendToRepairPartnerAsync(
            request.Return, request.PartnerName, request.PartnerReference, ReturnAccess.Of(context).Caller(), context.CancellationToken)));
    }

    [Authorize(Policy = RpcPolicies.ReturnsManage)]
    public override async Task<Proto.Return> RecordRepairOutcome(Proto.RecordRepairOutcomeRequest request, ServerCallContext context)
    {
        RepairOutcomeCommand command = null!;
        ReturnRequestReader.Validate(problems => command = ReturnRequestReader.ReadRepairOutcome(problems, request));
        return Map(await Domain(() => returns.RecordRepairOutcomeAsync(command, ReturnAccess.Of(context).Caller(), context.CancellationToken)));
    }

    [Authorize(Policy = RpcPolicies.ReturnsManage)]
    public override async Task<Proto.Return> ShipRepairBack(Proto.ShipRepairBackRequest request, ServerCallContext context)
    {
        ReturnRequestReader.Validate(problems => ReturnRequestReader.ShipBack(problems, request));
        return Map(await Domain(() => returns.ShipRepairBackAsync(
            request.Return, request.Carrier, request.TrackingNumber, ReturnAccess.Of(context).Caller(), context.CancellationToken)));
    }

    private static Proto.Return Map(ReturnResult result) => ReturnMapping.ToProto(result.Order, result.Return);

    /// <summary>
    /// The domain names a bad field by an <see cref="ArgumentException"/> whose parameter is the proto field (a line id
    /// the order lacks, a drop-off store that takes no returns): INVALID_ARGUMENT naming it, like the reader's problems.
    /// </summary>
    private static async Task<T> Domain<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (ArgumentException invalid) when (invalid.ParamName is { Length: > 0 } field)
        {
            var message = invalid.Message;
            var suffix = $" (Parameter '{field}')";
            throw new RequestValidationException([new FieldProblem(field, message.EndsWith(suffix, StringComparison.Ordinal) ? message[..^suffix.Length] : message)]);
        }
    }
}

using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Sourcing.Optimizer.Model;
using Sourcing.Orders;
using Sourcing.Orders.Billing;
using Sourcing.Orders.Customers;
using Sourcing.Orders.Returns;
using Sourcing.Service.Errors;
using Sourcing.Service.Inventory;

namespace Sourcing.Service.Grpc;

/// <summary>
/// Turns domain exceptions into gRPC statuses with <c>google.rpc</c> details, in one place, so services stay thin and
/// every endpoint answers a given failure the same way.
/// </summary>
public sealed partial class ExceptionMappingInterceptor(ILogger<ExceptionMappingInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception exception) when (Map(exception, context) is { } mapped)
        {
            throw mapped;
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception exception) when (Map(exception, context) is { } mapped)
        {
            throw mapped;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception exception) when (Map(exception, context) is { } mapped)
        {
            throw mapped;
        }
    }

    private RpcException? Map(Exception exception, ServerCallContext context)
    {
        switch (exception)
        {
            case RpcException:
                return null;
            case RequestValidationException invalid:
                var badRequest = new BadRequest();
                badRequest.FieldViolations.AddRange(invalid.Problems.Select(p => new BadRequest.Types.FieldViolation { Field = p.Field, Description = p.Description }));
                return Status(Code.InvalidArgument, invalid.Message, badRequest);
            case NotFoundException notFound:
                return Status(Code.NotFound, notFound.Message, new ResourceInfo { ResourceType = notFound.ResourceType, ResourceName = notFound.ResourceName });
            case ConcurrencyConflictException aborted:
                return Status(Code.Aborted, aborted.Message, new ErrorInfo { Reason = aborted.Reason, Domain = "sourcing.v1" });
            case IdempotencyConflictException conflict:
                return Status(Code.AlreadyExists, conflict.Message, new ErrorInfo { Reason = "REQUEST_ID_REUSED", Domain = "sourcing.v1" });
            case PreconditionFailedException failed:
                var precondition = new PreconditionFailure();
                precondition.Violations.Add(new PreconditionFailure.Types.Violation { Type = failed.Type, Subject = failed.Subject, Description = failed.Message });
                return failed is InsufficientStockException shortage
                    ? Status(Code.FailedPrecondition, failed.Message, precondition, InventoryMapping.ToProto(shortage.Shortfalls))
                    : Status(Code.FailedPrecondition, failed.Message, precondition);
            case OrderNotFoundException orderNotFound:
                return Status(Code.NotFound, orderNotFound.Message, new ResourceInfo { ResourceType = "Order", ResourceName = orderNotFound.OrderId });
            case OrderStateException refused:
                var state = new PreconditionFailure();
                state.Violations.Add(new PreconditionFailure.Types.Violation { Type = refused.Code, Subject = refused.Subject, Description = refused.Message });
                return Status(Code.FailedPrecondition, refused.Message, new ErrorInfo { Reason = refused.Code, Domain = "sourcing.v1" }, state);
            case OrderPermissionDeniedException denied:
                // Only a payment hold names a hold; the returns' refusals (an override, another location) name the order or return.
                var deniedReason = denied.Subject.Contains("/hold/", StringComparison.Ordinal) ? "PAYMENT_HOLD_NEEDS_FINANCE" : "RETURN_NOT_PERMITTED";
                return Status(Code.PermissionDenied, denied.Message, new ErrorInfo { Reason = deniedReason, Domain = "sourcing.v1", Metadata = { ["subject"] = denied.Subject } });
            case OrderConcurrencyException changed:
                return Status(Code.Aborted, changed.Message, new ErrorInfo { Reason = "ORDER_CHANGED", Domain = "sourcing.v1", Metadata = { ["order_id"] = changed.OrderId } });
            case OrderAlreadyExistsException exists:
                return Status(Code.AlreadyExists, exists.Message, new ErrorInfo { Reason = "EXTERNAL_ORDER_NUMBER_TAKEN", Domain = "sourcing.v1", Metadata = { ["order_id"] = exists.ExistingOrderId } });
            case OrderRequestConflictException reused:
                return Status(Code.AlreadyExists, reused.Message, new ErrorInfo { Reason = "REQUEST_ID_REUSED", Domain = "sourcing.v1" });
            case OrderStoreUnavailableException orderStore:
                LogStoreUnavailable(logger, orderStore, context.Method);
                return Status(Code.Unavailable, orderStore.Message + (orderStore.MayHaveApplied
                        ? " The change may have been applied: read the order, or retry with the same request id."
                        : " Nothing was changed; retrying is safe."),
                    new ErrorInfo
                    {
                        Reason = "STORE_UNAVAILABLE",
                        Domain = "sourcing.v1",
                        Metadata = { ["may_have_applied"] = orderStore.MayHaveApplied ? "true" : "false" },
                    });
            case ReturnNotFoundException returnNotFound:
                return Status(Code.NotFound, returnNotFound.Message, new ResourceInfo { ResourceType = "Return", ResourceName = returnNotFound.ReturnIdOrNumber });
            case ReturnRefusedException returnRefused:
                // One violation per refused line: the agent sees every rule that refused, and may override with a reason.
                var refusals = new PreconditionFailure();
                refusals.Violations.AddRange(returnRefused.Refusals.Select(r => new PreconditionFailure.Types.Violation
                {
                    Type = r.Rule, Subject = $"order/{returnRefused.OrderId}/line/{r.LineId}", Description = r.Reason,
                }));
                return Status(Code.FailedPrecondition, returnRefused.Message, new ErrorInfo { Reason = "RETURN_NOT_ALLOWED", Domain = "sourcing.v1" }, refusals);
            case BillingNotFoundException billingNotFound:
                return Status(Code.NotFound, billingNotFound.Message, new ResourceInfo { ResourceType = billingNotFound.What, ResourceName = billingNotFound.Id });
            case BillingStateException billingRefused:
                var billingState = new PreconditionFailure();
                billingState.Violations.Add(new PreconditionFailure.Types.Violation { Type = billingRefused.Code, Description = billingRefused.Message });
                return Status(Code.FailedPrecondition, billingRefused.Message, new ErrorInfo { Reason = billingRefused.Code, Domain = "sourcing.v1" }, billingState);
            case BillingDuplicateException duplicate:
                // The services answer repeats with what exists; this is a concurrent copy that could not be read back.
                return Status(Code.AlreadyExists, duplicate.Message, new ErrorInfo { Reason = "ALREADY_RECORDED", Domain = "sourcing.v1", Metadata = { ["key"] = duplicate.Key } });
            case BillingStoreUnavailableException billingStore:
                LogStoreUnavailable(logger, billingStore, context.Method);
                return Status(Code.Unavailable, billingStore.Message + (billingStore.MayHaveApplied
                        ? " The change may have been applied: read it back, or retry with the same request id or reference."
                        : " Nothing was changed; retrying is safe."),
                    new ErrorInfo
                    {
                        Reason = "STORE_UNAVAILABLE",
                        Domain = "sourcing.v1",
                        Metadata = { ["may_have_applied"] = billingStore.MayHaveApplied ? "true" : "false" },
                    });
            case CustomerNotFoundException customerNotFound:
                return Status(Code.NotFound, customerNotFound.Message, new ResourceInfo { ResourceType = "Customer", ResourceName = customerNotFound.CustomerId });
            case CustomerStateException customerRefused:
                var customerState = new PreconditionFailure();
                customerState.Violations.Add(new PreconditionFailure.Types.Violation { Type = customerRefused.Code, Subject = customerRefused.Subject, Description = customerRefused.Message });
                return Status(Code.FailedPrecondition, customerRefused.Message, new ErrorInfo { Reason = customerRefused.Code, Domain = "sourcing.v1" }, customerState);
            case CustomerConcurrencyException customerChanged:
                return Status(Code.Aborted, customerChanged.Message, new ErrorInfo { Reason = "CUSTOMER_CHANGED", Domain = "sourcing.v1", Metadata = { ["customer_id"] = customerChanged.CustomerId } });
            case CustomerIdTakenException idTaken:
                return Status(Code.AlreadyExists, idTaken.Message, new ErrorInfo { Reason = "CUSTOMER_ID_TAKEN", Domain = "sourcing.v1", Metadata = { ["customer_id"] = idTaken.CustomerId } });
            case IdentityTakenException identityTaken:
                // Who holds it is for agents, who can merge; a customer or channel learns only that it is taken.
                var takenInfo = new ErrorInfo { Reason = "IDENTITY_TAKEN", Domain = "sourcing.v1" };
                if (Customers.CustomerAccess.SeesEveryCustomer(context.GetHttpContext().User))
                {
                    takenInfo.Metadata["customer_id"] = identityTaken.OwnerId;
                }

                return Status(Code.AlreadyExists, identityTaken.Message, takenInfo);
            case CustomerRequestConflictException customerReused:
                return Status(Code.AlreadyExists, customerReused.Message, new ErrorInfo { Reason = "REQUEST_ID_REUSED", Domain = "sourcing.v1" });
            case CustomerStoreUnavailableException customerStore:
                LogStoreUnavailable(logger, customerStore, context.Method);
                return Status(Code.Unavailable, customerStore.Message + (customerStore.MayHaveApplied
                        ? " The change may have been applied: read the customer, or retry with the same request id."
                        : " Nothing was changed; retrying is safe."),
                    new ErrorInfo
                    {
                        Reason = "STORE_UNAVAILABLE",
                        Domain = "sourcing.v1",
                        Metadata = { ["may_have_applied"] = customerStore.MayHaveApplied ? "true" : "false" },
                    });
            case InvalidProblemException tooLarge:
                // Every request field is bounded, but their products (quantity x cost, penalties over many units) can
                // still exceed what the optimizer can price exactly: the order as asked cannot be planned.
                var limit = new PreconditionFailure();
                limit.Violations.Add(new PreconditionFailure.Types.Violation { Type = "PLAN_OUT_OF_RANGE", Subject = tooLarge.Field, Description = tooLarge.Reason });
                return Status(Code.FailedPrecondition, "The order cannot be planned: " + tooLarge.Reason, limit);
            case StoredRecordUnreadableException unreadable:
                LogUnreadable(logger, unreadable, context.Method);
                return Status(Code.DataLoss, unreadable.Message, new ResourceInfo { ResourceType = unreadable.ResourceType, ResourceName = unreadable.ResourceName });
            case var _ when StoreFaults.IsUnavailable(exception):
                LogStoreUnavailable(logger, exception, context.Method);
                var advice = RetryAdvice.For(context.Method);
                return Status(Code.Unavailable, advice.Message, new ErrorInfo
                {
                    Reason = "STORE_UNAVAILABLE",
                    Domain = "sourcing.v1",
                    Metadata = { ["may_have_applied"] = advice.MayHaveApplied ? "true" : "false" },
                });
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return Status(Code.Cancelled, "The call was cancelled or its deadline passed.");
            default:
                LogUnexpected(logger, exception, context.Method);
                return null;
        }
    }

    private static RpcException Status(Code code, string message, params Google.Protobuf.IMessage[] details)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = message };
        status.Details.AddRange(details.Select(Any.Pack));
        return status.ToRpcException();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Store unavailable during {Method}")]
    private static partial void LogStoreUnavailable(ILogger logger, Exception exception, string method);

    [LoggerMessage(Level = LogLevel.Error, Message = "A stored record could not be read during {Method}")]
    private static partial void LogUnreadable(ILogger logger, Exception exception, string method);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception in {Method}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method);
}

using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Sourcing.Orders;
using Sourcing.Orders.Billing.Invoicing;
using Sourcing.Service.Errors;
using Sourcing.Service.Locations;
using Sourcing.Service.Security;
using Sourcing.Service.Sourcing;
using Proto = Sourcing.V1;

namespace Sourcing.Service.Orders;

/// <summary>
/// The gRPC face of the order lifecycle: validates, decides what the caller may see, maps to commands for
/// <see cref="OrderLifecycle"/> and maps the order back. No order logic lives here.
/// </summary>
public sealed partial class OrderGrpcService(
    OrderLifecycle lifecycle, IOrderStore store, LocationCatalog locations, InvoicingService invoicing, TimeProvider clock, ILogger<OrderGrpcService> logger)
    : Proto.OrderService.OrderServiceBase
{
    /// <summary>Feed events read per round trip while catching up.</summary>
    private const int FeedBatch = 100;

    /// <summary>How long a quiet stream waits for news before looking again (a cancelled call ends the wait at once).</summary>
    private static readonly TimeSpan FeedWait = TimeSpan.FromSeconds(30);

    [Authorize(Policy = RpcPolicies.OrderCapture)]
    public override async Task<Proto.Order> CreateOrder(Proto.CreateOrderRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        var channel = caller.ChannelFor(request.Channel);
        if (channel.Length == 0)
        {
            throw new RequestValidationException([new FieldProblem("channel", "is required: name the channel the order was placed in")]);
        }

        request.Channel = channel;
        Telemetry.SourcingTelemetry.TagCurrent(Telemetry.SourcingTelemetry.Tags.RequestId, request.RequestId);
        var network = await locations.GetAllAsync(context.CancellationToken);
        var document = OrderRequestReader.ReadCreate(request, channel, network, clock.GetUtcNow());
        var order = await lifecycle.CreateAsync(new CreateOrderCommand(request.RequestId, Fingerprint(request), document, OrderRequestReader.IdentityOf(request)), caller.Subject, context.CancellationToken);
        Telemetry.SourcingTelemetry.TagCurrent(Telemetry.SourcingTelemetry.Tags.OrderId, order.Id);
        return await ToProtoAsync(order, context);
    }

    [Authorize(Policy = RpcPolicies.OrderRead)]
    public override async Task<Proto.Order> GetOrder(Proto.GetOrderRequest request, ServerCallContext context)
    {
        Validate(problems => OrderRequestReader.OrderId(problems, request.OrderId));
        return await ToProtoAsync(await lifecycle.GetAsync(request.OrderId, OrderAccess.Of(context).VisibleChannels, context.CancellationToken), context);
    }

    [Authorize(Policy = RpcPolicies.OrderRead)]
    public override async Task<Proto.ListOrdersResponse> ListOrders(Proto.ListOrdersRequest request, ServerCallContext context)
    {
        var access = OrderAccess.Of(context);
        string? channel;
        if (access.SeesAllChannels)
        {
            Validate(problems =>
            {
                if (request.Channel.Length > 0)
                {
                    problems.LocationId("channel", request.Channel);
                }
            });
            channel = request.Channel.Length == 0 ? null : request.Channel;
        }
        else
        {
            channel = Caller.Of(context).ChannelFor(request.Channel);
        }

        var problems = new ProblemList();
        var query = OrderRequestReader.ReadList(problems, request, channel);
        problems.ThrowIfAny();
        var page = await store.ListAsync(query, context.CancellationToken);
        return new Proto.ListOrdersResponse
        {
            Orders = { page.Orders.Select(OrderMapping.ToProto) },
            NextPageToken = OrderPageTokens.Write(page.Next),
        };
    }

    [Authorize(Policy = RpcPolicies.HoldRelease)]
    public override async Task<Proto.Order> ReleaseHold(Proto.ReleaseHoldRequest request, ServerCallContext context)
    {
        long? expected = null;
        Validate(problems =>
        {
            OrderRequestReader.OrderId(problems, request.OrderId);
            problems.RequiredText("hold_code", request.HoldCode, OrderRequestReader.MaxShortText);
            problems.RequiredText("reason", request.Reason, OrderRequestReader.MaxReasonLength);
            expected = OrderRequestReader.ExpectedVersion(problems, request.HasExpectedVersion, request.ExpectedVersion);
        });
        // Payment holds (credit check, failed capture, awaiting prepayment) are finance's to release.
        var command = Context(context, request.OrderId, expected) with { MayReleasePaymentHolds = Caller.Of(context).IsInRole(Roles.Finance) };
        return await ToProtoAsync(await lifecycle.ReleaseHoldAsync(command, request.HoldCode, request.Reason, context.CancellationToken), context);
    }

    [Authorize(Policy = RpcPolicies.HoldRelease)]
    public override async Task<Proto.Order> ReevaluateOrder(Proto.ReevaluateOrderRequest request, ServerCallContext context)
    {
        long? expected = null;
        Validate(problems =>
        {
            OrderRequestReader.OrderId(problems, request.OrderId);
            expected = OrderRequestReader.ExpectedVersion(problems, request.HasExpectedVersion, request.ExpectedVersion);
        });
        var command = Context(context, request.OrderId, expected);
        return await ToProtoAsync(await lifecycle.ReevaluateAsync(command, context.CancellationToken), context);
    }

    [Authorize(Policy = RpcPolicies.Fulfilment)]
    public override async Task<Proto.Order> AcceptFulfilmentOrder(Proto.FulfilmentOrderRequest request, ServerCallContext context)
    {
        var command = await FulfilmentContextAsync(context, request.OrderId, request.FulfilmentOrderId, request.HasExpectedVersion, request.ExpectedVersion, _ => { });
        return await ToProtoAsync(await lifecycle.AcceptFulfilmentAsync(command, request.FulfilmentOrderId, context.CancellationToken), context);
    }

    [Authorize(Policy = RpcPolicies.Fulfilment)]
    public override async Task<Proto.Order> MarkFulfilmentOrderPacked(Proto.FulfilmentOrderRequest request, ServerCallContext context)
    {
        var command = await FulfilmentContextAsync(context, request.OrderId, request.FulfilmentOrderId, request.HasExpectedVersion, request.ExpectedVersion, _ => { });
        return await ToProtoAsync(await lifecycle.MarkPackedAsync(command, request.FulfilmentOrderId, context.CancellationToken), context);
    }

    [Authorize(Policy = RpcPolicies.Fulfilment)]
    public override async Task<Proto.Order> RejectFulfilmentLines(Proto.RejectFulfilmentLinesRequest request, ServerCallContext context)
    {
        IReadOnlyList<LineQuantity> lines = [];
        var command = await FulfilmentContextAsync(context, request.OrderId, request.FulfilmentOrderId, request.HasExpectedVersion, request.ExpectedVersion, problems =>
        {
            lines = OrderRequestReader.LineQuantities(problems, request.Lines);
            problems.RequiredText("reason", request.Reason, OrderRequestReader.MaxReasonLength);
        });
        return await ToProtoAsync(await lifecycle.RejectLinesAsync(command, request.FulfilmentOrderId, lines, request.Reason, context.CancellationToken), context);
    }

    [Authorize(Policy = RpcPolicies.Fulfilment)]
    public override async Task<Proto.ConfirmShipmentResponse> ConfirmShipment(Proto.ConfirmShipmentRequest request, ServerCallContext context)
    {
        IReadOnlyList<LineQuantity> lines = [];
        var command = await FulfilmentContextAsync(context, request.OrderId, request.FulfilmentOrderId, request.HasExpectedVersion, request.ExpectedVersion, problems =>
        {
            problems.RequiredText("carrier", request.Carrier, OrderRequestReader.MaxShortText);
            problems.RequiredText("tracking_number", request.TrackingNumber, OrderRequestReader.MaxOrderIdLength);
            lines = OrderRequestReader.LineQuantities(problems, request.Lines);
        });
        var (order, shipment) = await lifecycle.ConfirmShipmentAsync(command, request.FulfilmentOrderId, request.Carrier, request.TrackingNumber, lines, context.CancellationToken);
        await InvoiceAsync(order.Document.OrderId, context.CancellationToken);
        return new Proto.ConfirmShipmentResponse { Order = await ToProtoAsync(order, context), ShipmentId = shipment.Id };
    }

    [Authorize(Policy = RpcPolicies.DeliveryEvents)]
    public override async Task<Proto.Order> RecordDeliveryEvent(Proto.RecordDeliveryEventRequest request, ServerCallContext context)
    {
        long? expected = null;
        var occurredAt = default(DateTimeOffset);
        Validate(problems =>
        {
            OrderRequestReader.OrderId(problems, request.OrderId);
            problems.RequiredText("shipment_id", request.ShipmentId, OrderRequestReader.MaxShipmentIdLength);
            if (request.Outcome is not (Proto.DeliveryOutcome.Delivered or Proto.DeliveryOutcome.Failed))
            {
                problems.Add("outcome", "must be DELIVERY_OUTCOME_DELIVERED or DELIVERY_OUTCOME_FAILED");
            }

            occurredAt = OrderRequestReader.Time(problems, "occurred_at", request.OccurredAt, clock.GetUtcNow());
            problems.OptionalText("detail", request.Detail, OrderRequestReader.MaxReasonLength);
            expected = OrderRequestReader.ExpectedVersion(problems, request.HasExpectedVersion, request.ExpectedVersion);
        });
        await OrderAccess.Of(context).EnsureShipmentAsync(lifecycle, request.OrderId, request.ShipmentId, context.CancellationToken);
        var command = new OrderCommandContext(request.OrderId, Caller.Of(context).Subject, null, expected);
        var order = await lifecycle.RecordDeliveryAsync(command, request.ShipmentId, request.Outcome == Proto.DeliveryOutcome.Delivered, occurredAt, request.Detail, context.CancellationToken);
        return await ToProtoAsync(order, context);
    }

    [Authorize(Policy = RpcPolicies.OrderCancel)]
    public override async Task<Proto.Order> CancelOrder(Proto.CancelOrderRequest request, ServerCallContext context)
    {
        long? expected = null;
        Validate(problems =>
        {
            OrderRequestReader.OrderId(problems, request.OrderId);
            problems.OptionalText("line_id", request.LineId, OrderRequestReader.MaxShortText);
            if (request.HasQuantity)
            {
                if (request.LineId.Length == 0)
                {
                    problems.Add("quantity", "is only allowed with line_id: an order is cancelled whole or line by line");
                }

                problems.InRange("quantity", request.Quantity, 1, OrderRequestReader.MaxQuantity);
            }

            problems.RequiredText("reason", request.Reason, OrderRequestReader.MaxReasonLength);
            expected = OrderRequestReader.ExpectedVersion(problems, request.HasExpectedVersion, request.ExpectedVersion);
        });
        var command = Context(context, request.OrderId, expected);
        var order = await lifecycle.CancelAsync(command, request.LineId.Length == 0 ? null : request.LineId, request.HasQuantity ? request.Quantity : null, request.Reason, context.CancellationToken);
        return await ToProtoAsync(order, context);
    }

    [Authorize(Policy = RpcPolicies.OrderWatch)]
    public override async Task WatchOrderEvents(Proto.WatchOrderEventsRequest request, IServerStreamWriter<Proto.OrderEventMessage> responseStream, ServerCallContext context)
    {
        var access = OrderAccess.Of(context);
        var filter = ReadFeedFilter(request, access);
        var cancellationToken = context.CancellationToken;
        var position = request.HasAfterPosition ? request.AfterPosition : await store.LatestPositionAsync(cancellationToken);
        while (!cancellationToken.IsCancellationRequested)
        {
            // The newest position is read before the batch: every event up to it that the batch does not show was
            // scanned and did not match, so the stream may move past it without ever skipping one.
            var latest = await store.LatestPositionAsync(cancellationToken);
            var batch = await store.ReadFeedAsync(position, FeedBatch, filter, cancellationToken);
            foreach (var stored in batch)
            {
                await responseStream.WriteAsync(OrderMapping.ToProto(stored), cancellationToken);
            }

            position = batch.Count == FeedBatch ? batch[^1].Position : Math.Max(latest, batch.Count > 0 ? batch[^1].Position : position);
            if (batch.Count < FeedBatch)
            {
                await store.WaitForEventsAsync(position, FeedWait, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Issues the shipment's invoice (and capture request) right away, so both exist when ConfirmShipment answers. The
    /// shipment is saved whatever happens here: a failure is logged and the invoicing follower, which reads every
    /// confirmed shipment from the order feed, issues it moments later.
    /// </summary>
    private async Task InvoiceAsync(string orderId, CancellationToken cancellationToken)
    {
        try
        {
            await invoicing.IssueForOrderAsync(orderId, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogInvoicingDeferred(logger, exception, orderId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {OrderId} shipped but its invoice was not issued in the call; the invoicing follower issues it")]
    private static partial void LogInvoicingDeferred(ILogger logger, Exception exception, string orderId);

    private static FeedFilter ReadFeedFilter(Proto.WatchOrderEventsRequest request, OrderAccess access)
    {
        var problems = new ProblemList();
        if (request.HasAfterPosition)
        {
            problems.InRange("after_position", request.AfterPosition, 0, long.MaxValue);
        }

        problems.Count("channels", request.Channels.Count, 0, OrderRequestReader.MaxWatchFilters);
        problems.Count("event_types", request.EventTypes.Count, 0, OrderRequestReader.MaxWatchFilters);
        for (var i = 0; i < request.Channels.Count && i < OrderRequestReader.MaxWatchFilters; i++)
        {
            problems.LocationId($"channels[{i}]", request.Channels[i]);
        }

        for (var i = 0; i < request.EventTypes.Count && i < OrderRequestReader.MaxWatchFilters; i++)
        {
            if (!OrderEventTypes.All.Contains(request.EventTypes[i]))
            {
                problems.Add($"event_types[{i}]", $"'{ProblemList.Printable(request.EventTypes[i].Length > 64 ? request.EventTypes[i][..64] : request.EventTypes[i])}' is not an order event type");
            }
        }

        problems.ThrowIfAny();
        IReadOnlySet<string>? channels = request.Channels.Count == 0 ? null : request.Channels.ToHashSet(StringComparer.Ordinal);
        if (!access.SeesAllChannels)
        {
            if (channels?.FirstOrDefault(c => !access.SeesChannel(c)) is { } other)
            {
                throw new RpcException(new Status(StatusCode.PermissionDenied, $"Permission denied: this token does not act for channel '{other}'."));
            }

            // A channel token with no channel named watches all of its own, never the whole feed.
            channels ??= access.Channels;
            if (channels.Count == 0)
            {
                throw new RpcException(new Status(StatusCode.PermissionDenied, "Permission denied: this token acts for no channel."));
            }
        }

        return new FeedFilter(channels, request.EventTypes.Count == 0 ? null : request.EventTypes.ToHashSet(StringComparer.Ordinal));
    }

    private static OrderCommandContext Context(ServerCallContext context, string orderId, long? expectedVersion) =>
        new(orderId, Caller.Of(context).Subject, OrderAccess.Of(context).VisibleChannels, expectedVersion);

    private async Task<OrderCommandContext> FulfilmentContextAsync(
        ServerCallContext context, string orderId, string fulfilmentOrderId, bool hasExpectedVersion, long expectedVersion, Action<ProblemList> more)
    {
        long? expected = null;
        Validate(problems =>
        {
            OrderRequestReader.OrderId(problems, orderId);
            problems.RequiredText("fulfilment_order_id", fulfilmentOrderId, OrderRequestReader.MaxFulfilmentOrderIdLength);
            more(problems);
            expected = OrderRequestReader.ExpectedVersion(problems, hasExpectedVersion, expectedVersion);
        });
        await OrderAccess.Of(context).EnsureFulfilmentAsync(lifecycle, orderId, fulfilmentOrderId, context.CancellationToken);
        return new OrderCommandContext(orderId, Caller.Of(context).Subject, null, expected);
    }

    private static void Validate(Action<ProblemList> check)
    {
        var problems = new ProblemList();
        check(problems);
        problems.ThrowIfAny();
    }

    private async Task<Proto.Order> ToProtoAsync(Order order, ServerCallContext context)
    {
        var message = OrderMapping.ToProto(order, await store.GetHistoryAsync(order.Id, context.CancellationToken));
        return OrderAccess.Of(context).SeesCustomerContact ? message : OrderMapping.WithoutCustomerContact(message);
    }

    /// <summary>
    /// Everything of the request but its id, hashed: the same order under the same id is a repeat. Channel references
    /// are put in key order first, so a client that sends the same map in another order is still repeating itself.
    /// </summary>
    private static string Fingerprint(Proto.CreateOrderRequest request)
    {
        var withoutId = request.Clone();
        withoutId.RequestId = "";
        var references = withoutId.ChannelReferences.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        withoutId.ChannelReferences.Clear();
        foreach (var (key, value) in references)
        {
            withoutId.ChannelReferences.Add(key, value);
        }

        return Convert.ToHexString(SHA256.HashData(withoutId.ToByteArray()));
    }
}

using System.Runtime.CompilerServices;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Sourcing.Service.Audit;
using Sourcing.Service.Errors;
using Sourcing.Service.Locations;
using Sourcing.Service.Security;
using Sourcing.V1;

namespace Sourcing.Service.Inventory;

/// <summary>The gRPC face of the inventory: maps messages and delegates to <see cref="StockLedger"/> and <see cref="StockWatcher"/>.</summary>
public sealed class InventoryGrpcService(StockLedger ledger, StockWatcher watcher, LocationCatalog locations, IOptions<LimitsOptions> limits) : V1.InventoryService.InventoryServiceBase
{
    /// <summary>How SourceOrder's hold ids start behind their channel; a caller's Reserve may not use it.</summary>
    public const string SourceOrderHoldMarker = "sourcing:";

    /// <summary>How the holds of orders (OrderService) start behind their channel: only the order changes them.</summary>
    public const string OrderHoldMarker = SourceOrderHoldMarker + "order:";

    [Authorize(Policy = RpcPolicies.StockWrite)]
    public override async Task<SetStockResponse> SetStock(SetStockRequest request, ServerCallContext context)
    {
        Caller.Of(context).EnsureLocation(request.LocationId);
        var result = await ledger.SetStockAsync(request.Sku, request.LocationId, request.OnHand, request.Sequence, context.CancellationToken);
        return new SetStockResponse { Applied = result.Applied, Level = InventoryMapping.ToProto(result.Level) };
    }

    [Authorize(Policy = RpcPolicies.StockWrite)]
    public override async Task<V1.StockLevel> AdjustStock(AdjustStockRequest request, ServerCallContext context)
    {
        Caller.Of(context).EnsureLocation(request.LocationId);
        return InventoryMapping.ToProto(await ledger.AdjustStockAsync(request.RequestId, request.Sku, request.LocationId, request.Delta, request.Reason, context.CancellationToken));
    }

    [Audited]
    [Authorize(Policy = RpcPolicies.StockWrite)]
    public override async Task<V1.StockLevel> SetSafetyStock(SetSafetyStockRequest request, ServerCallContext context)
    {
        Caller.Of(context).EnsureLocation(request.LocationId);
        return InventoryMapping.ToProto(await ledger.SetSafetyStockAsync(request.Sku, request.LocationId, request.SafetyStock, context.CancellationToken));
    }

    [Audited]
    [Authorize(Policy = RpcPolicies.StockWrite)]
    public override async Task<ImportStockResponse> ImportStock(IAsyncStreamReader<ImportStockRow> requestStream, ServerCallContext context)
    {
        var result = await ledger.ImportAsync(ReadRowsAsync(requestStream, Caller.Of(context), context.CancellationToken), context.CancellationToken);
        return new ImportStockResponse { RowsReceived = result.RowsReceived, RowsApplied = result.RowsApplied, RowsStale = result.RowsStale };
    }

    [Authorize(Policy = RpcPolicies.StockRead)]
    public override async Task<GetAvailabilityResponse> GetAvailability(GetAvailabilityRequest request, ServerCallContext context)
    {
        var availability = await ledger.GetAvailabilityAsync(request.Skus, request.LocationIds, context.CancellationToken);
        var response = new GetAvailabilityResponse();
        response.Skus.AddRange(availability.Select(InventoryMapping.ToProto));
        return response;
    }

    [Authorize(Policy = RpcPolicies.StockWatch)]
    public override async Task WatchStock(WatchStockRequest request, IServerStreamWriter<V1.StockEvent> responseStream, ServerCallContext context)
    {
        // A reservation event's reason is the hold's request id: with it, another channel could replay the request
        // id and reach the hold. Only operations admins see it.
        var showHoldIds = Caller.Of(context).IsInRole(Roles.OperationsAdmin);
        await foreach (var stockEvent in watcher.WatchAsync(request.AfterPosition, request.Skus, context.CancellationToken))
        {
            var message = InventoryMapping.ToProto(stockEvent);
            if (!showHoldIds && stockEvent.Kind is StockChangeKind.Reserved or StockChangeKind.Committed or StockChangeKind.Released or StockChangeKind.Expired)
            {
                message.Reason = "";
            }

            await responseStream.WriteAsync(message, context.CancellationToken);
        }
    }

    [Authorize(Policy = RpcPolicies.Reservations)]
    public override async Task<V1.Reservation> Reserve(ReserveRequest request, ServerCallContext context)
    {
        var caller = Caller.Of(context);
        caller.EnsureReservationTtl(request.TtlSeconds, limits.Value.ChannelReservationTtl, "ttl_seconds");
        var channel = caller.ChannelFor(request.Channel);
        var problems = new ProblemList();
        problems.Text("request_id", request.RequestId, StockLedger.MaxRequestIdLength);
        if (request.RequestId.StartsWith(SourceOrderHoldMarker, StringComparison.Ordinal))
        {
            // SourceOrder's holds live under such ids; a Reserve planting one could be adopted as, or block, an order's hold.
            problems.Add("request_id", $"must not start with '{SourceOrderHoldMarker}', which the service keeps for SourceOrder's holds");
        }

        problems.ThrowIfAny();
        if (!caller.IsInRole(Roles.OperationsAdmin))
        {
            // A channel holds only stock it may sell: otherwise it could lock another channel's locations.
            var network = await locations.GetAllAsync(context.CancellationToken);
            foreach (var line in request.Lines)
            {
                if (network.TryGetValue(line.LocationId, out var location) && !location.SellsTo(channel))
                {
                    throw new RpcException(new Status(StatusCode.PermissionDenied, $"Permission denied: location '{location.Id}' does not sell to channel '{channel}'."));
                }
            }
        }

        var reservation = await ledger.ReserveAsync(
            ReservationOwnership.StoredRequestId(channel, request.RequestId), request.Lines.Select(InventoryMapping.ToDomain).ToList(), request.TtlSeconds, context.CancellationToken);
        return ToProto(reservation);
    }

    [Authorize(Policy = RpcPolicies.Reservations)]
    public override async Task<V1.Reservation> CommitReservation(ReservationRequest request, ServerCallContext context)
    {
        NotAnOrdersHold(await VisibleReservationAsync(request, context));
        return ToProto(await ledger.CommitAsync(request.ReservationId, context.CancellationToken));
    }

    [Authorize(Policy = RpcPolicies.Reservations)]
    public override async Task<V1.Reservation> ReleaseReservation(ReservationRequest request, ServerCallContext context)
    {
        NotAnOrdersHold(await VisibleReservationAsync(request, context));
        return ToProto(await ledger.ReleaseAsync(request.ReservationId, context.CancellationToken));
    }

    [Authorize(Policy = RpcPolicies.Reservations)]
    public override async Task<V1.Reservation> GetReservation(ReservationRequest request, ServerCallContext context) =>
        ToProto(await VisibleReservationAsync(request, context));

    private async Task<Reservation> VisibleReservationAsync(ReservationRequest request, ServerCallContext context) =>
        (await ledger.GetReservationAsync(request.ReservationId, context.CancellationToken)).EnsureVisibleTo(Caller.Of(context));

    /// <summary>
    /// An order's hold follows the order (cancel, reject, confirm shipment): released or committed behind its back, the
    /// order would still count on stock it no longer has.
    /// </summary>
    private static void NotAnOrdersHold(Reservation reservation)
    {
        if (reservation.CallersRequestId().StartsWith(OrderHoldMarker, StringComparison.Ordinal))
        {
            throw new PreconditionFailedException("HELD_FOR_ORDER", $"reservation/{reservation.Id}",
                $"Reservation '{reservation.Id}' holds stock for an order; it changes only through OrderService (cancel the order or its line, reject the line, or confirm its shipment).");
        }
    }

    private static V1.Reservation ToProto(Reservation reservation)
    {
        var message = InventoryMapping.ToProto(reservation);
        message.RequestId = reservation.CallersRequestId();
        return message;
    }

    /// <summary>Rows as they arrive, each checked against the locations the feed's token names before it is counted.</summary>
    private static async IAsyncEnumerable<StockImportRow> ReadRowsAsync(
        IAsyncStreamReader<ImportStockRow> requestStream, Caller caller, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in requestStream.ReadAllAsync(cancellationToken))
        {
            caller.EnsureLocation(row.LocationId);
            yield return InventoryMapping.ToDomain(row);
        }
    }
}

using System.Runtime.CompilerServices;
using Grpc.Core;
using Sourcing.V1;

namespace Sourcing.Service.Inventory;

/// <summary>The gRPC face of the inventory: maps messages and delegates to <see cref="StockLedger"/> and <see cref="StockWatcher"/>.</summary>
public sealed class InventoryGrpcService(StockLedger ledger, StockWatcher watcher) : V1.InventoryService.InventoryServiceBase
{
    public override async Task<SetStockResponse> SetStock(SetStockRequest request, ServerCallContext context)
    {
        var result = await ledger.SetStockAsync(request.Sku, request.LocationId, request.OnHand, request.Sequence, context.CancellationToken);
        return new SetStockResponse { Applied = result.Applied, Level = InventoryMapping.ToProto(result.Level) };
    }

    public override async Task<V1.StockLevel> AdjustStock(AdjustStockRequest request, ServerCallContext context) =>
        InventoryMapping.ToProto(await ledger.AdjustStockAsync(request.RequestId, request.Sku, request.LocationId, request.Delta, request.Reason, context.CancellationToken));

    public override async Task<V1.StockLevel> SetSafetyStock(SetSafetyStockRequest request, ServerCallContext context) =>
        InventoryMapping.ToProto(await ledger.SetSafetyStockAsync(request.Sku, request.LocationId, request.SafetyStock, context.CancellationToken));

    public override async Task<ImportStockResponse> ImportStock(IAsyncStreamReader<ImportStockRow> requestStream, ServerCallContext context)
    {
        var result = await ledger.ImportAsync(ReadRowsAsync(requestStream, context.CancellationToken), context.CancellationToken);
        return new ImportStockResponse { RowsReceived = result.RowsReceived, RowsApplied = result.RowsApplied, RowsStale = result.RowsStale };
    }

    private static async IAsyncEnumerable<StockImportRow> ReadRowsAsync(
        IAsyncStreamReader<ImportStockRow> requestStream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in requestStream.ReadAllAsync(cancellationToken))
        {
            yield return InventoryMapping.ToDomain(row);
        }
    }

    public override async Task<GetAvailabilityResponse> GetAvailability(GetAvailabilityRequest request, ServerCallContext context)
    {
        var availability = await ledger.GetAvailabilityAsync(request.Skus, request.LocationIds, context.CancellationToken);
        var response = new GetAvailabilityResponse();
        response.Skus.AddRange(availability.Select(InventoryMapping.ToProto));
        return response;
    }

    public override async Task WatchStock(WatchStockRequest request, IServerStreamWriter<V1.StockEvent> responseStream, ServerCallContext context)
    {
        await foreach (var stockEvent in watcher.WatchAsync(request.AfterPosition, request.Skus, context.CancellationToken))
        {
            await responseStream.WriteAsync(InventoryMapping.ToProto(stockEvent), context.CancellationToken);
        }
    }

    public override async Task<V1.Reservation> Reserve(ReserveRequest request, ServerCallContext context) =>
        InventoryMapping.ToProto(await ledger.ReserveAsync(
            request.RequestId, request.Lines.Select(InventoryMapping.ToDomain).ToList(), request.TtlSeconds, context.CancellationToken));

    public override async Task<V1.Reservation> CommitReservation(ReservationRequest request, ServerCallContext context) =>
        InventoryMapping.ToProto(await ledger.CommitAsync(request.ReservationId, context.CancellationToken));

    public override async Task<V1.Reservation> ReleaseReservation(ReservationRequest request, ServerCallContext context) =>
        InventoryMapping.ToProto(await ledger.ReleaseAsync(request.ReservationId, context.CancellationToken));

    public override async Task<V1.Reservation> GetReservation(ReservationRequest request, ServerCallContext context) =>
        InventoryMapping.ToProto(await ledger.GetReservationAsync(request.ReservationId, context.CancellationToken));
}

using Google.Protobuf.WellKnownTypes;
using Proto = Sourcing.V1;

namespace Sourcing.Service.Inventory;

/// <summary>Proto messages to inventory values and back; nothing else.</summary>
internal static class InventoryMapping
{
    public static Proto.StockLevel ToProto(StockLevel level) => new()
    {
        Sku = level.Sku,
        LocationId = level.LocationId,
        OnHand = level.OnHand,
        Reserved = level.Reserved,
        SafetyStock = level.SafetyStock,
        Available = level.Available,
        Sequence = level.Sequence,
        Shortage = level.Shortage,
    };

    public static Proto.SkuAvailability ToProto(SkuAvailability availability)
    {
        var message = new Proto.SkuAvailability { Sku = availability.Sku };
        message.Locations.AddRange(availability.Locations.Select(ToProto));
        message.Channels.AddRange(availability.Channels.Select(c => new Proto.ChannelAvailability { Channel = c.Channel, Available = c.Available }));
        return message;
    }

    public static Proto.Reservation ToProto(Reservation reservation)
    {
        var message = new Proto.Reservation
        {
            ReservationId = reservation.Id,
            RequestId = reservation.RequestId,
            Status = (Proto.ReservationStatus)(int)reservation.Status,
            ExpiresAt = Timestamp.FromDateTimeOffset(reservation.ExpiresAt),
        };
        message.Lines.AddRange(reservation.Lines.Select(l => new Proto.ReservationLine { Sku = l.Sku, LocationId = l.LocationId, Quantity = l.Quantity }));
        return message;
    }

    public static Proto.InsufficientStock ToProto(IReadOnlyList<StockShortfall> shortfalls)
    {
        var message = new Proto.InsufficientStock();
        message.Shortfalls.AddRange(shortfalls.Select(s => new Proto.StockShortfall
        {
            LineIndex = s.LineIndex,
            Sku = s.Sku,
            LocationId = s.LocationId,
            Requested = s.Requested,
            Available = s.Available,
        }));
        return message;
    }

    public static Proto.StockEvent ToProto(StockEvent stockEvent) => new()
    {
        Position = stockEvent.Position,
        Kind = (Proto.StockChangeKind)(int)stockEvent.Kind,
        Level = ToProto(stockEvent.Level),
        Reason = stockEvent.Reason,
        OccurredAt = Timestamp.FromDateTimeOffset(stockEvent.OccurredAt),
        Shortfall = stockEvent.Shortfall,
    };

    public static ReservationLine ToDomain(Proto.ReservationLine line) => new(line.Sku, line.LocationId, line.Quantity);

    public static StockImportRow ToDomain(Proto.ImportStockRow row) =>
        new(row.Sku, row.LocationId, row.OnHand, row.Sequence, row.HasSafetyStock ? row.SafetyStock : null);
}

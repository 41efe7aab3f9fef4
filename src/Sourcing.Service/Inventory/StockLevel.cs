namespace Sourcing.Service.Inventory;

/// <summary>The stock of one SKU at one location.</summary>
/// <param name="Sequence">The source system's sequence of the last absolute update applied; 0 when none was.</param>
public sealed record StockLevel(string Sku, string LocationId, long OnHand, long Reserved, long SafetyStock, long Sequence)
{
    /// <summary>
    /// Units that may still be promised. Never below zero: a recount can drop on hand under what is already
    /// reserved, and a negative figure would only confuse channels; that gap is <see cref="Shortage"/>.
    /// </summary>
    public long Available => Math.Max(0, OnHand - Reserved - SafetyStock);

    /// <summary>Units reserved beyond on hand (0 when all can be honoured): the reservations re-sourcing must move elsewhere.</summary>
    public long Shortage => Math.Max(0, Reserved - Math.Max(0, OnHand));

    public static StockLevel Empty(string sku, string locationId) => new(sku, locationId, 0, 0, 0, 0);
}

/// <summary>One SKU's stock at every location that holds a record of it.</summary>
public sealed record SkuStock(string Sku, IReadOnlyList<StockLevel> Locations);

/// <summary>The outcome of an absolute stock update: <see cref="Applied"/> is false when a newer sequence was already applied.</summary>
public sealed record SetStockResult(bool Applied, StockLevel Level);

public sealed record StockImportRow(string Sku, string LocationId, long OnHand, long Sequence, long? SafetyStock);

public sealed record StockImportResult(long RowsReceived, long RowsApplied, long RowsStale);

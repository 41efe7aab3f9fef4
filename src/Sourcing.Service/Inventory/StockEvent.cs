namespace Sourcing.Service.Inventory;

public enum StockChangeKind
{
    Set = 1,
    Adjusted = 2,
    SafetyStock = 3,
    Reserved = 4,
    Committed = 5,
    Released = 6,
    Expired = 7,
    Imported = 8,
}

/// <summary>A change to one SKU at one location, with its position in the ordered event log.</summary>
public sealed record StockEvent(string Position, StockChangeKind Kind, StockLevel Level, string Reason, DateTimeOffset OccurredAt);

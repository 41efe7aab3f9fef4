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

    /// <summary>
    /// Reservations can no longer all be honoured: a count put on hand below what is reserved, or a commit took more
    /// than was on hand. <see cref="StockEvent.Shortfall"/> says by how many units, so re-sourcing can act.
    /// </summary>
    Shortage = 9,
}

/// <summary>A change to one SKU at one location, with its position in the ordered event log.</summary>
/// <param name="Shortfall">For <see cref="StockChangeKind.Shortage"/>: the units reserved or committed beyond on hand; otherwise 0.</param>
public sealed record StockEvent(string Position, StockChangeKind Kind, StockLevel Level, string Reason, DateTimeOffset OccurredAt, long Shortfall = 0);

using Sourcing.Service.Errors;

namespace Sourcing.Service.Inventory;

/// <summary>No line was held because these fell short. Maps to FAILED_PRECONDITION with an InsufficientStock detail.</summary>
public sealed class InsufficientStockException(IReadOnlyList<StockShortfall> shortfalls)
    : PreconditionFailedException(
        "INSUFFICIENT_STOCK",
        string.Join(",", shortfalls.Select(s => $"lines[{s.LineIndex}]")),
        "Insufficient stock: " + string.Join("; ", shortfalls.Select(s =>
            $"lines[{s.LineIndex}] {s.Sku} at {s.LocationId} requested {s.Requested}, available {s.Available}")))
{
    public IReadOnlyList<StockShortfall> Shortfalls { get; } = shortfalls;
}

public sealed class StockWouldGoNegativeException(string sku, string locationId, long onHand, long delta)
    : PreconditionFailedException(
        "STOCK_WOULD_GO_NEGATIVE",
        $"{sku}@{locationId}",
        $"On hand of {sku} at {locationId} is {onHand}; a delta of {delta} would take it below zero.");

public sealed class ReservationStateException(string reservationId, ReservationStatus status, string action)
    : PreconditionFailedException(
        status == ReservationStatus.Expired ? "RESERVATION_EXPIRED" : "RESERVATION_" + status.ToString().ToUpperInvariant(),
        reservationId,
        $"Reservation '{reservationId}' is {status.ToString().ToLowerInvariant()} and cannot be {action}.")
{
    public ReservationStatus Status { get; } = status;
}

/// <summary>
/// A change would take a stock figure above <see cref="StockLedger.MaxQuantity"/>, beyond which Redis's Lua numbers (doubles)
/// would start to lose units. Nothing was changed.
/// </summary>
public sealed class StockLimitExceededException(string field, string sku, string locationId, long current, long change)
    : PreconditionFailedException(
        "STOCK_LIMIT_EXCEEDED",
        field,
        $"On hand of {sku} at {locationId} is {current}; {field} {change} would take it above the maximum of {StockLedger.MaxQuantity}.");

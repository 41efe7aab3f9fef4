namespace Sourcing.Service.Inventory;

public sealed record ReservationLine(string Sku, string LocationId, long Quantity);

public enum ReservationStatus
{
    Held = 1,
    Committed = 2,
    Released = 3,
    Expired = 4,

    /// <summary>
    /// A reservation whose lines live in several store partitions while its parts are still being held: nothing is
    /// promised yet (never shown as held), and it cannot be committed. A crashed attempt's pending reservation is
    /// released by the sweeper at its expiry, or finished by a retry of the same request id.
    /// </summary>
    Pending = 5,
}

public sealed record Reservation(
    string Id,
    string RequestId,
    ReservationStatus Status,
    IReadOnlyList<ReservationLine> Lines,
    DateTimeOffset ExpiresAt);

/// <summary>A request to hold stock; <see cref="Fingerprint"/> tells a true repeat from a different request under the same id.</summary>
public sealed record ReserveCommand(string RequestId, IReadOnlyList<ReservationLine> Lines, DateTimeOffset ExpiresAt, string Fingerprint);

/// <summary>A line that could not be held: how many were asked for and how many were available.</summary>
public sealed record StockShortfall(int LineIndex, string Sku, string LocationId, long Requested, long Available);

/// <summary>Either the reservation, or every line that fell short (and nothing was held).</summary>
public sealed record ReserveOutcome(Reservation? Reservation, IReadOnlyList<StockShortfall> Shortfalls)
{
    public bool Succeeded => Reservation is not null;

    public static ReserveOutcome Held(Reservation reservation) => new(reservation, []);

    public static ReserveOutcome Short(IReadOnlyList<StockShortfall> shortfalls) => new(null, shortfalls);
}

namespace Sourcing.Orders.Storage.Postgres;

/// <summary>
/// An order event: one row is both a line of the order's history (by <see cref="Sequence"/>) and an entry of the
/// event feed (by <see cref="Position"/>), written in the transaction that changed the order (the outbox).
/// </summary>
public sealed class OrderEventRow
{
    /// <summary>The row's identity, in insert order; not an order the feed can be resumed by (see <see cref="Position"/>).</summary>
    public long Id { get; set; }

    /// <summary>
    /// The event's place in the feed: global, gapless, and given only once every transaction that could still add an
    /// earlier event has ended, so a reader resuming after a position never skips one (see PostgresOrderStore). Null
    /// until then.
    /// </summary>
    public long? Position { get; set; }

    /// <summary>The writing transaction's id (<c>pg_current_xact_id()</c>): positions follow it.</summary>
    public ulong Transaction { get; set; }

    public string OrderId { get; set; } = "";
    public string Channel { get; set; } = "";
    public int Sequence { get; set; }
    public string Type { get; set; } = "";
    public DateTimeOffset OccurredAt { get; set; }
    public string Actor { get; set; } = "";
    public string Reason { get; set; } = "";
    public string Detail { get; set; } = "";

    public StoredOrderEvent ToStored() =>
        new(Position ?? 0, OrderId, Channel, Sequence, new OrderEvent(Type, OccurredAt, Actor, Reason, Detail));
}

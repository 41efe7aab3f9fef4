namespace Sourcing.Orders.Storage.Postgres;

/// <summary>
/// An order event: one row is both a line of the order's history (by <see cref="Sequence"/>) and an entry of the
/// event feed (by <see cref="Position"/>), written in the transaction that changed the order (the outbox).
/// </summary>
public sealed class OrderEventRow
{
    /// <summary>Global and gapless; handed out under a lock so that it becomes visible in order (see PostgresOrderStore).</summary>
    public long Position { get; set; }

    public string OrderId { get; set; } = "";
    public string Channel { get; set; } = "";
    public int Sequence { get; set; }
    public string Type { get; set; } = "";
    public DateTimeOffset OccurredAt { get; set; }
    public string Actor { get; set; } = "";
    public string Reason { get; set; } = "";
    public string Detail { get; set; } = "";

    public StoredOrderEvent ToStored() =>
        new(Position, OrderId, Channel, Sequence, new OrderEvent(Type, OccurredAt, Actor, Reason, Detail));
}

namespace Sourcing.Orders.Storage.Postgres;

/// <summary>
/// One return of an order, as indexed beside it (<see cref="Returns.ReturnProjection"/>): the return itself lives in
/// the order's document; this row is rewritten from it in the same transaction as every save of the order.
/// </summary>
public sealed class OrderReturnRow
{
    public string ReturnId { get; set; } = "";

    /// <summary>Upper-case ("RMA-…"), so a number typed in any case finds it and two returns can never share it.</summary>
    public string Number { get; set; } = "";

    public string OrderId { get; set; } = "";
    public string Channel { get; set; } = "";
    public string CustomerId { get; set; } = "";

    /// <summary>The <see cref="Returns.ReturnKind"/> name, so a reordered enum never changes what a row means.</summary>
    public string Kind { get; set; } = "";

    /// <summary>The <see cref="Returns.ReturnStatus"/> name.</summary>
    public string Status { get; set; } = "";

    public string DestinationLocationId { get; set; } = "";

    /// <summary>The service clock's value, like every time in this schema.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The next deadline of an open return; null when none (the deadline worker's partial index holds only the others).</summary>
    public DateTimeOffset? DueAt { get; set; }

    public bool Unfinished { get; set; }
}

namespace Sourcing.Orders.Storage.Postgres;

/// <summary>Which order a channel's request id created, so a repeated CreateOrder returns that order instead of a second one.</summary>
public sealed class OrderRequestRow
{
    public string Channel { get; set; } = "";
    public string RequestId { get; set; } = "";
    public string OrderId { get; set; } = "";

    /// <summary>The request without its id, hashed: the same id with a different body is a conflict, not a repeat.</summary>
    public string Fingerprint { get; set; } = "";
}

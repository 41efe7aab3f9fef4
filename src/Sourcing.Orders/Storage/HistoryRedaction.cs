namespace Sourcing.Orders.Storage;

/// <summary>How every store applies <see cref="IOrderStore.RedactHistoryAsync"/>'s function to one stored event.</summary>
internal static class HistoryRedaction
{
    /// <summary>
    /// The event through the redaction with its type and time kept whatever the function returned: readers of the
    /// history and feed rely on those, and erasure only ever needs to rewrite the texts (actor, reason, detail).
    /// </summary>
    public static OrderEvent Apply(OrderEvent original, Func<OrderEvent, OrderEvent> redact) =>
        redact(original) with { Type = original.Type, OccurredAt = original.OccurredAt };
}

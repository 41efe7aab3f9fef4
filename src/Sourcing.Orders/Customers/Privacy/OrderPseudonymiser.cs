namespace Sourcing.Orders.Customers.Privacy;

/// <summary>
/// Erases the customer's personal data from one order and from its stored history, so neither the order, its history
/// nor the event feed replays it. The history is rewritten first, then the order saved: a crash in between leaves the
/// order's texts in place, so a repeat still knows what to look for.
/// </summary>
internal sealed class OrderPseudonymiser(IOrderStore orders)
{
    /// <summary>Shorter texts are not searched for in event details: they would cut up ordinary words and codes.</summary>
    public const int MinScrubbedLength = 3;

    private const int MaxAttempts = 3;

    /// <summary>Returns whether anything changed (false on a repeat).</summary>
    /// <param name="customerTexts">The customer record's personal texts, looked for in the history too.</param>
    public async Task<bool> EraseAsync(string orderId, IReadOnlyCollection<string> customerTexts, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var order = await orders.GetAsync(orderId, cancellationToken) ?? throw new OrderNotFoundException(orderId);
            var scrubbed = order.PersonalTexts().Concat(customerTexts)
                .Where(text => text.Length >= MinScrubbedLength)
                .Distinct(StringComparer.Ordinal)
                .OrderByDescending(text => text.Length)
                .ToList();
            var history = await orders.GetHistoryAsync(orderId, cancellationToken);
            var redacted = false;
            if (history.Any(e => Redact(e.Event, scrubbed) != e.Event))
            {
                await orders.RedactHistoryAsync(orderId, e => Redact(e, scrubbed), cancellationToken);
                redacted = true;
            }

            if (!order.ErasePersonalData(actor, now))
            {
                return redacted;
            }

            try
            {
                await orders.SaveAsync(order, cancellationToken);
                return true;
            }
            catch (OrderConcurrencyException) when (attempt < MaxAttempts)
            {
                // Someone changed the order between read and save (and may have added an event): read and redact again.
            }
        }
    }

    /// <summary>
    /// An event without its reason (a person's words: hold release, cancellation, return notes) and with any of the
    /// personal texts in its detail replaced. Details are written by the service, but some quote what a caller gave
    /// (a drop-off point); the texts catch those.
    /// </summary>
    public static OrderEvent Redact(OrderEvent e, IReadOnlyList<string> scrubbed)
    {
        var detail = e.Detail;
        foreach (var text in scrubbed)
        {
            if (detail.Contains(text, StringComparison.OrdinalIgnoreCase))
            {
                detail = detail.Replace(text, Order.ErasedName, StringComparison.OrdinalIgnoreCase);
            }
        }

        return e.Reason.Length == 0 && detail == e.Detail ? e : e with { Reason = "", Detail = detail };
    }
}

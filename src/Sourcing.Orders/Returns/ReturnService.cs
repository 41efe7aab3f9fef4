using Microsoft.Extensions.Logging;

namespace Sourcing.Orders.Returns;

/// <summary>
/// The returns application service: authorises returns against an order's shipped units, records drop-off, receipt
/// and inspection, restocks, refunds (through <see cref="IReturnSettlement"/>), repairs and deadlines. A return lives
/// in its order's document, so every step is saved under the order's version; work on other stores (stock, billing,
/// a linked order) is decided first, saved, carried out, then confirmed in a second save, so
/// <see cref="ReconcileAsync"/> can finish a step a crash interrupted.
/// </summary>
public sealed partial class ReturnService(
    IOrderStore orders,
    IReturnPolicy policy,
    IReturnRouting routing,
    IReturnStock stock,
    IReturnSettlement settlement,
    ReturnOptions options,
    TimeProvider clock,
    ILogger<ReturnService> logger) : IReturnReconciler
{
    /// <summary>How often a step is decided again on a fresh copy of an order someone else saved meanwhile.</summary>
    public const int MaxConcurrencyAttempts = 8;

    /// <summary>The page size of a listing that names none, and the largest one served.</summary>
    public const int DefaultPageSize = 50, MaxPageSize = 500;

    public async Task<ReturnResult> GetAsync(string returnIdOrNumber, ReturnCaller caller, CancellationToken cancellationToken)
    {
        var (order, rma) = await LoadAsync(returnIdOrNumber, caller, cancellationToken);
        return new ReturnResult(order, rma);
    }

    /// <summary>Returns matching the query, newest first; the host puts the caller's filters (channels, customer) in the query.</summary>
    public Task<ReturnPage> ListAsync(ReturnQuery query, CancellationToken cancellationToken)
    {
        if (query.PageSize is < 0 or > MaxPageSize)
        {
            throw new ArgumentException($"The page size is 1 to {MaxPageSize} (0: {DefaultPageSize}); {query.PageSize} was given.", "page_size");
        }

        return orders.ListReturnsAsync(query.PageSize == 0 ? query with { PageSize = DefaultPageSize } : query, cancellationToken);
    }

    // ---- Loading, saving, finishing -----------------------------------------------------------------------------------

    /// <summary>The return and its order, if the caller may see the order (null caller: the service itself).</summary>
    private async Task<(Order Order, ReturnAuthorisation Return)> LoadAsync(string returnIdOrNumber, ReturnCaller? caller, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(returnIdOrNumber))
        {
            throw new ArgumentException("Name the return by its id or number.", "return_id");
        }

        var found = await orders.FindReturnAsync(returnIdOrNumber, cancellationToken) ?? throw new ReturnNotFoundException(returnIdOrNumber);
        var order = await orders.GetAsync(found.OrderId, cancellationToken);
        var rma = order?.FindReturn(found.ReturnId);
        if (order is null || rma is null || (caller is not null && !Visible(order, caller)))
        {
            throw new ReturnNotFoundException(returnIdOrNumber);
        }

        return (order, rma);
    }

    /// <summary>Another channel's order, or another customer's, does not exist for the caller (like orders: NOT_FOUND).</summary>
    private static bool Visible(Order order, ReturnCaller caller) =>
        (caller.Channels is null || caller.Channels.Contains(order.Channel)) &&
        (caller.CustomerId is null || caller.CustomerId == order.Document.Customer.Id);

    private async Task SaveAsync(Order order, DateTimeOffset now, CancellationToken cancellationToken)
    {
        order.Document.UpdatedAt = now;
        await orders.SaveAsync(order, cancellationToken);
    }

    /// <summary>
    /// Runs one step of a return: loads it, lets <paramref name="step"/> change the order (returning whether it did),
    /// saves; when someone else saved the order meanwhile the step is decided again on a fresh copy. Then finishes the
    /// step's work on other stores. A step that changes nothing (a repeat) answers with the return as it is.
    /// </summary>
    private async Task<ReturnResult> StepAsync(
        string returnIdOrNumber, ReturnCaller? caller, Func<Order, ReturnAuthorisation, DateTimeOffset, Task<bool>> step, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (order, rma) = await LoadAsync(returnIdOrNumber, caller, cancellationToken);
            var now = clock.GetUtcNow();
            if (!await step(order, rma, now))
            {
                return Order.ReturnWorkLeft(rma) ? await FinishAsync(order, rma.Id) : new ReturnResult(order, rma);
            }

            try
            {
                await SaveAsync(order, now, cancellationToken);
            }
            catch (OrderConcurrencyException) when (attempt < MaxConcurrencyAttempts)
            {
                continue;
            }

            return await FinishAsync(order, rma.Id);
        }
    }

    /// <summary>
    /// Carries out what the saved step decided on other stores and records the outcome: restocks (each under its
    /// request id, applied once however often it is sent), then the settlement (credit notes, the linked order, the
    /// charge), then closes the return if nothing is left. The step happened whatever follows, so a failure here does
    /// not fail it: the reconciler finishes the work, and the caller gets the return as stored.
    /// </summary>
    private async Task<ReturnResult> FinishAsync(Order order, string returnId)
    {
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var rma = order.FindReturn(returnId)!;
                var restocked = await RestockAsync(rma);
                var changed = await settlement.CarryOutAsync(order, rma, CancellationToken.None);
                var now = clock.GetUtcNow();
                foreach (var (units, locationId) in restocked)
                {
                    changed |= order.ConfirmRestock(rma, units.StockRequestId, locationId, Order.SystemActor, now);
                }

                changed |= order.CloseReturnIfDone(rma, now);
                if (!changed)
                {
                    return new ReturnResult(order, rma);
                }

                try
                {
                    await SaveAsync(order, now, CancellationToken.None);
                    return new ReturnResult(order, rma);
                }
                catch (OrderConcurrencyException) when (attempt < MaxConcurrencyAttempts)
                {
                    // Every part is idempotent: done again on the fresh copy, nothing is applied twice.
                    order = await orders.GetAsync(order.Id, CancellationToken.None) ?? throw new OrderNotFoundException(order.Id);
                }
            }
        }
        catch (Exception exception) when (exception is not OrderOperationStoppedException)
        {
            logger.LogWarning(exception, "Return {ReturnId} of order {OrderId} was saved but its follow-up failed; the reconciler finishes it", returnId, order.Id);
        }

        var stored = await orders.GetAsync(order.Id, CancellationToken.None) ?? throw new OrderNotFoundException(order.Id);
        return new ReturnResult(stored, stored.FindReturn(returnId)!);
    }

    /// <summary>Sends the restocks not yet confirmed; returns those the inventory took. One failing does not stop the others.</summary>
    private async Task<IReadOnlyList<(InspectedUnits Units, string LocationId)>> RestockAsync(ReturnAuthorisation rma)
    {
        var done = new List<(InspectedUnits, string)>();
        foreach (var (units, locationId) in Order.UnconfirmedRestocks(rma))
        {
            try
            {
                var sku = rma.Lines.First(l => l.LineId == units.LineId).Sku;
                await stock.RestockAsync(units.StockRequestId, sku, locationId, units.Quantity, $"return {rma.Number}", CancellationToken.None);
                done.Add((units, locationId));
            }
            catch (Exception exception) when (exception is not OrderOperationStoppedException)
            {
                logger.LogWarning(exception, "Restock {RequestId} of return {Number} failed; the reconciler retries it", units.StockRequestId, rma.Number);
            }
        }

        return done;
    }

    /// <summary>The refund of the given units, if any (the settlement decides per invoice; units not invoiced yet wait).</summary>
    private Task DecideRefundAsync(Order order, ReturnAuthorisation rma, RefundTrigger trigger, Func<ReturnLine, int> units, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var refunded = rma.Lines.Select(l => new RefundedUnits { LineId = l.LineId, Quantity = units(l) }).Where(u => u.Quantity > 0).ToList();
        return refunded.Count == 0
            ? Task.CompletedTask
            : settlement.DecideRefundAsync(order, rma, trigger, refunded, actor, now, cancellationToken);
    }

    /// <summary>Goods sent or refunded ahead must be back within the policy's days (the default when it set none).</summary>
    private DateTimeOffset DueBackBy(ReturnAuthorisation rma, DateTimeOffset now) =>
        now.AddDays(rma.ReturnWithinDays > 0 ? rma.ReturnWithinDays : options.DefaultReturnWithinDays);

    private static OrderStateException NotOpen(ReturnAuthorisation rma, string verb) =>
        new("RETURN_NOT_OPEN", $"return/{rma.Number}", $"Return {rma.Number} is {rma.Status}; it cannot be {verb}.");

    private static void RequireText(string? value, string field, int max, bool required = true)
    {
        if (required && string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{field} is required.", field);
        }

        if (value is not null && value.Length > max)
        {
            throw new ArgumentException($"{field} is at most {max} characters; {value.Length} were given.", field);
        }
    }
}

/// <summary>A return and the order it is stored in, as saved.</summary>
public sealed record ReturnResult(Order Order, ReturnAuthorisation Return);

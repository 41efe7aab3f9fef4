using Microsoft.Extensions.Logging;

namespace Sourcing.Orders;

/// <summary>
/// The order's application service: takes commands, changes the aggregate, saves it (intent first), then does the
/// stock work the change decided on and records the outcome. Every step between two saves is idempotent, so the
/// <see cref="OrderReconciler"/> can finish or undo an order left between steps by a crash.
/// </summary>
/// <param name="returns">Finishes the order's returns' work in <see cref="ReconcileAsync"/>; null: the order has none to
/// finish. Returns settle exchanges through an order lifecycle, so the lifecycle they use must not itself depend on them
/// (a host resolves this one lazily, or gives returns a lifecycle without it).</param>
public sealed class OrderLifecycle(
    IOrderStore store, IOrderSourcing sourcing, TimeProvider clock, IOrderFaults faults, ILogger<OrderLifecycle> logger, IReturnReconciler? returns = null,
    Customers.IOrderCustomers? customers = null)
{
    /// <summary>How often a sourcing attempt is retried in one call when other orders take its stock first.</summary>
    public const int MaxSourcingAttemptsPerCall = 3;

    /// <summary>The actor of rule decisions (holds placed at capture).</summary>
    public const string RulesActor = "rules";

    /// <summary>The actor of billing's changes (payment holds placed and released).</summary>
    public const string BillingActor = "billing";

    /// <summary>How often billing's change of an order is applied again to a fresh copy when others saved it meanwhile.</summary>
    private const int MaxBillingChangeAttempts = 5;

    /// <summary>
    /// Captures an order. A repeat of the request id with the same order answers with the order it created; with a
    /// different one it is refused. The rules decide holds; an order without holds is sourced and its stock held.
    /// </summary>
    public async Task<Order> CreateAsync(CreateOrderCommand command, string actor, CancellationToken cancellationToken)
    {
        // A repeat is found by the insert (the request id is unique there): no read ahead of the common case.
        var channel = command.Order.Channel;
        await AttachCustomerAsync(command, actor, cancellationToken);
        var now = clock.GetUtcNow();
        command.Order.UpdatedAt = now;
        var order = Order.Create(command.Order, actor, now);
        var proposal = await sourcing.ProposeAsync(order.Document, order.UnitsToSource(), cancellationToken);
        order.PlaceHolds(proposal.Holds, RulesActor, now);
        if (Billing.PaymentMethods.KindOf(order.Document.PaymentMethod) == Billing.PaymentMethodKind.Prepayment)
        {
            // Nothing is reserved for an order nobody has paid for yet: billing releases the hold when the money arrives.
            order.PlaceHolds([new HoldDirective(PaymentHolds.AwaitingPrepayment, PaymentHolds.BillingRule, "waiting for the customer's prepayment", PaymentHolds.Category)], BillingActor, now);
        }

        var pending = order.IsOnHold || proposal.Plan.Allocations.Count + proposal.Plan.Backordered.Count == 0
            ? null
            : order.BeginAllocation(proposal.Plan, now);
        try
        {
            await store.InsertAsync(order, command.RequestId, command.Fingerprint, cancellationToken);
        }
        catch (OrderRequestConflictException)
        {
            // A copy of this request was stored first: answer with what it created.
            var stored = await store.FindByRequestAsync(channel, command.RequestId, cancellationToken)
                ?? throw new OrderRequestConflictException(command.RequestId);
            return await ReplayAsync(command, stored, cancellationToken);
        }

        faults.At(OrderStep.IntentSaved);
        if (pending is null)
        {
            return order;
        }

        // From here the work is not cancellable: holds taken must be recorded or undone.
        return await FollowUpAsync(order, async captured =>
        {
            captured = await FinishAllocationAsync(captured, pending, CancellationToken.None);
            if (captured.Document.PendingAllocation is null && captured.Document.Decisions.LastOrDefault()?.Attempt != pending.Attempt)
            {
                // Another order took stock between the proposal and the holds: try again now rather than leave the
                // order open until the reconciler's next pass.
                captured = await SourceOpenUnitsAsync(captured, CancellationToken.None);
            }

            return captured;
        });
    }

    /// <summary>
    /// Runs what follows a saved command (holds, releases, commits, re-sourcing). The command happened whatever
    /// follows, so a store failing here does not fail it: the reconciler finishes the work once the stores answer, and
    /// the caller gets the order as stored.
    /// </summary>
    private async Task<Order> FollowUpAsync(Order saved, Func<Order, Task<Order>> work)
    {
        try
        {
            return await work(saved);
        }
        catch (Exception exception) when (exception is not OrderOperationStoppedException)
        {
            logger.LogWarning(exception, "Order {OrderId} was saved but its follow-up failed; the reconciler finishes it", saved.Id);
        }

        try
        {
            return await store.GetAsync(saved.Id, CancellationToken.None) ?? throw new OrderNotFoundException(saved.Id);
        }
        catch (OrderStoreUnavailableException unavailable)
        {
            throw new OrderStoreUnavailableException(
                "The change was saved, but the order database stopped answering before the order could be read back; the rest of the work is finished once it answers.",
                mayHaveApplied: true, unavailable);
        }
    }

    private async Task<Order> ReplayAsync(CreateOrderCommand command, (string OrderId, string Fingerprint) earlier, CancellationToken cancellationToken) =>
        earlier.Fingerprint == command.Fingerprint
            ? await store.GetAsync(earlier.OrderId, cancellationToken) ?? throw new OrderNotFoundException(earlier.OrderId)
            : throw new OrderRequestConflictException(command.RequestId);

    /// <summary>The order, if it belongs to one of the caller's channels (null: the caller sees every channel).</summary>
    /// <summary>
    /// Stores on the order the customer its id or identity resolves to (merges followed, a new customer registered
    /// from the order when none is known). Without a customer directory the channel's customer id stands as given.
    /// </summary>
    private async Task AttachCustomerAsync(CreateOrderCommand command, string actor, CancellationToken cancellationToken)
    {
        if (command.Identity is { } identity)
        {
            command.Order.Customer.IdentityKind = identity.Kind;
            command.Order.Customer.IdentityValue = Customers.CustomerText.IdentityValue(identity.Kind, identity.Value);
        }

        if (customers is not null)
        {
            command.Order.Customer.Id = await customers.ResolveAsync(command.Order, command.Identity, actor, cancellationToken);
        }
    }

    public async Task<Order> GetAsync(string orderId, IReadOnlySet<string>? callerChannels, CancellationToken cancellationToken)
    {
        var order = await store.GetAsync(orderId, cancellationToken);
        return order is not null && (callerChannels is null || callerChannels.Contains(order.Channel))
            ? order
            : throw new OrderNotFoundException(orderId);
    }

    public Task<Order> ReleaseHoldAsync(OrderCommandContext context, string holdCode, string reason, CancellationToken cancellationToken) =>
        ChangeAsync(context, (order, now) => order.ReleaseHold(holdCode, reason, context.Actor, now, context.MayReleasePaymentHolds), cancellationToken);

    /// <summary>
    /// Billing holds the order's remaining work (a capture failed, the authorisation expired): nothing more is sourced,
    /// accepted, packed or shipped until finance releases it. Placing it while it is active changes nothing.
    /// </summary>
    public async Task<Order> PlacePaymentHoldAsync(string orderId, string code, string reason, string actor, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var order = await store.GetAsync(orderId, cancellationToken) ?? throw new OrderNotFoundException(orderId);
            var now = clock.GetUtcNow();
            if (!order.PlacePaymentHold(code, reason, actor, now))
            {
                return order;
            }

            try
            {
                await SaveAsync(order, now, cancellationToken);
                return order;
            }
            catch (OrderConcurrencyException) when (attempt < MaxBillingChangeAttempts)
            {
            }
        }
    }

    /// <summary>Billing releases a payment hold it is responsible for (the prepayment arrived); an inactive hold is left as it is.</summary>
    public async Task<Order> ReleasePaymentHoldAsync(string orderId, string code, string reason, string actor, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var order = await store.GetAsync(orderId, cancellationToken) ?? throw new OrderNotFoundException(orderId);
            if (!order.Document.Holds.Any(h => h.Active && h.Code == code))
            {
                return order;
            }

            try
            {
                return await ChangeAsync(new OrderCommandContext(orderId, actor, null, order.Version, MayReleasePaymentHolds: true),
                    (o, now) => o.ReleaseHold(code, reason, actor, now, mayReleasePaymentHolds: true), cancellationToken);
            }
            catch (OrderConcurrencyException) when (attempt < MaxBillingChangeAttempts)
            {
            }
        }
    }

    /// <summary>
    /// Runs the rules again over the order's waiting units: holds the rules no longer raise are released, new ones are
    /// placed, and an order free of holds is sourced.
    /// </summary>
    public async Task<Order> ReevaluateAsync(OrderCommandContext context, CancellationToken cancellationToken)
    {
        var order = await LoadAsync(context, cancellationToken);
        var waiting = order.Document.Lines
            .Select(l => (Line: l, Quantity: l.In(LineState.Open) + l.In(LineState.Held)))
            .Where(x => x.Quantity > 0).ToList();
        var proposal = await sourcing.ProposeAsync(order.Document, waiting, cancellationToken);
        var now = clock.GetUtcNow();
        order.ReleaseHoldsNoLongerRaised(proposal.Holds, now);
        order.PlaceHolds(proposal.Holds, RulesActor, now);
        await SaveAsync(order, now, cancellationToken);
        return await FollowUpAsync(order, saved => SourceOpenUnitsAsync(saved, CancellationToken.None));
    }

    public Task<Order> AcceptFulfilmentAsync(OrderCommandContext context, string fulfilmentOrderId, CancellationToken cancellationToken) =>
        ChangeAsync(context, (order, now) => order.AcceptFulfilment(fulfilmentOrderId, context.Actor, now), cancellationToken);

    public Task<Order> MarkPackedAsync(OrderCommandContext context, string fulfilmentOrderId, CancellationToken cancellationToken) =>
        ChangeAsync(context, (order, now) => order.MarkPacked(fulfilmentOrderId, context.Actor, now), cancellationToken);

    /// <summary>Rejected units are sourced again at once, never from the rejecting location for those lines.</summary>
    public Task<Order> RejectLinesAsync(OrderCommandContext context, string fulfilmentOrderId, IReadOnlyList<LineQuantity> lines, string reason, CancellationToken cancellationToken) =>
        ChangeAsync(context, (order, now) => order.RejectLines(fulfilmentOrderId, lines, reason, context.Actor, now), cancellationToken);

    public async Task<(Order Order, Shipment Shipment)> ConfirmShipmentAsync(
        OrderCommandContext context, string fulfilmentOrderId, string carrier, string trackingNumber, IReadOnlyList<LineQuantity> lines, CancellationToken cancellationToken)
    {
        Shipment? shipment = null;
        var order = await ChangeAsync(context, (order, now) => shipment = order.ConfirmShipment(fulfilmentOrderId, carrier, trackingNumber, lines, context.Actor, now), cancellationToken);
        return (order, shipment!);
    }

    public Task<Order> RecordDeliveryAsync(OrderCommandContext context, string shipmentId, bool delivered, DateTimeOffset at, string detail, CancellationToken cancellationToken) =>
        ChangeAsync(context, (order, now) => order.RecordDelivery(shipmentId, delivered, at, detail, context.Actor, now), cancellationToken);

    /// <summary>Cancels the whole order (line null) or a quantity of a line (quantity null: all of it that has not shipped).</summary>
    public Task<Order> CancelAsync(OrderCommandContext context, string? lineId, int? quantity, string reason, CancellationToken cancellationToken) =>
        ChangeAsync(context, (order, now) => order.Cancel(lineId, quantity, reason, context.Actor, now), cancellationToken);

    /// <summary>
    /// Loads, checks the caller's view and version, applies the change, saves it with its stock intent, then carries
    /// out the intent and sources any units the change opened.
    /// </summary>
    private async Task<Order> ChangeAsync(OrderCommandContext context, Action<Order, DateTimeOffset> change, CancellationToken cancellationToken)
    {
        var order = await LoadAsync(context, cancellationToken);
        var now = clock.GetUtcNow();
        change(order, now);
        if (order.NewEvents.Count == 0 && order.Document.PendingStockActions.Count == 0)
        {
            return order; // Nothing changed (a repeated accept, a second "delivered").
        }

        await SaveAsync(order, now, cancellationToken);
        faults.At(OrderStep.ChangeSaved);
        return await FollowUpAsync(order, async saved =>
        {
            saved = await RunStockActionsAsync(saved, CancellationToken.None);
            return await SourceOpenUnitsAsync(saved, CancellationToken.None);
        });
    }

    private async Task<Order> LoadAsync(OrderCommandContext context, CancellationToken cancellationToken)
    {
        var order = await GetAsync(context.OrderId, context.CallerChannels, cancellationToken);
        if (context.ExpectedVersion is { } expected && expected != order.Version)
        {
            throw new OrderConcurrencyException(order.Id, expected);
        }

        return order;
    }

    private async Task SaveAsync(Order order, DateTimeOffset now, CancellationToken cancellationToken)
    {
        order.Document.UpdatedAt = now;
        await store.SaveAsync(order, cancellationToken);
    }

    // ---- Sourcing ---------------------------------------------------------------------------------------------------

    /// <summary>Sources the order's open units (after a release, a rejection, arriving stock); does nothing while held.</summary>
    public async Task<Order> SourceOpenUnitsAsync(Order order, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxSourcingAttemptsPerCall; attempt++)
        {
            var units = order.UnitsToSource();
            if (units.Count == 0 || order.Document.PendingAllocation is not null)
            {
                return order;
            }

            var proposal = await sourcing.ProposeAsync(order.Document, units, cancellationToken);
            var now = clock.GetUtcNow();
            if (order.PlaceHolds(proposal.Holds, RulesActor, now))
            {
                await SaveAsync(order, now, cancellationToken);
                return order;
            }

            if (proposal.Plan.Allocations.Count + proposal.Plan.Backordered.Count == 0)
            {
                return order; // Nothing to do now (e.g. backorders not allowed and no stock): the units stay open for the reconciler.
            }

            var pending = order.BeginAllocation(proposal.Plan, now);
            await SaveAsync(order, now, cancellationToken);
            faults.At(OrderStep.IntentSaved);
            order = await FinishAllocationAsync(order, pending, cancellationToken);
            if (order.Document.PendingAllocation is null && order.Document.Decisions.LastOrDefault()?.Attempt == pending.Attempt)
            {
                return order;
            }
        }

        return order;
    }

    /// <summary>
    /// Takes every hold of the attempt; if one falls short (another order took the stock since the plan was made) the
    /// holds taken are released and the attempt abandoned, leaving the units open for the next attempt.
    /// </summary>
    private async Task<Order> FinishAllocationAsync(Order order, PendingAllocation pending, CancellationToken cancellationToken)
    {
        // The holds are independent (each under its own request id): taken at once, one round trip instead of one per line.
        var outcomes = await Task.WhenAll(pending.Holds.Select(async hold =>
            (Hold: hold, Stock: await sourcing.HoldAsync(order.Channel, hold.HoldRequestId, hold.Sku, hold.LocationId, hold.Quantity, CancellationToken.None))));
        var held = new Dictionary<string, HeldStock>(StringComparer.Ordinal);
        foreach (var (hold, stock) in outcomes)
        {
            if (stock is not null)
            {
                held[hold.HoldRequestId] = stock;
                faults.At(OrderStep.HoldTaken);
            }
        }

        if (outcomes.FirstOrDefault(o => o.Stock is null).Hold is { } fellShort)
        {
            await ReleaseAllAsync(held.Values);
            faults.At(OrderStep.HoldsReleased);
            return await RecordAsync(order, o => o.Document.PendingAllocation?.Attempt == pending.Attempt, o => o.AbandonAllocation(pending.Attempt, $"stock of {fellShort.Sku} at {fellShort.LocationId} was taken by another order", clock.GetUtcNow()));
        }

        return await RecordAsync(order, o => AttemptStillFits(o, pending), o => o.CompleteAllocation(pending.Attempt, held, clock.GetUtcNow()));
    }

    private async Task ReleaseAllAsync(IEnumerable<HeldStock> holds)
    {
        foreach (var hold in holds)
        {
            await sourcing.ReleaseAsync(hold.ReservationId, CancellationToken.None);
        }
    }

    /// <summary>How often an outcome is applied again to a fresh copy of an order that others keep changing.</summary>
    private const int MaxOutcomeRetries = 3;

    /// <summary>
    /// Saves an outcome. If someone saved the order meanwhile (a location accepting another fulfilment order, the
    /// reconciler undoing this very attempt), the outcome is applied to the fresh copy when <paramref name="stillFits"/>
    /// it, else the fresh copy stands and the reconciler finishes or undoes the work.
    /// </summary>
    private async Task<Order> RecordAsync(Order order, Func<Order, bool> stillFits, Action<Order> outcome)
    {
        for (var retry = 0; ; retry++)
        {
            try
            {
                outcome(order);
                await SaveAsync(order, clock.GetUtcNow(), CancellationToken.None);
                faults.At(OrderStep.OutcomeSaved);
                return order;
            }
            catch (OrderConcurrencyException)
            {
                var fresh = await store.GetAsync(order.Id, CancellationToken.None) ?? throw new OrderNotFoundException(order.Id);
                if (retry == MaxOutcomeRetries || !stillFits(fresh))
                {
                    logger.LogInformation("Order {OrderId} changed while its outcome was being recorded; keeping version {Version}", order.Id, fresh.Version);
                    return fresh;
                }

                order = fresh;
            }
        }
    }

    /// <summary>The attempt is still pending on this copy and its planned units are still open (no hold was placed on them meanwhile).</summary>
    private static bool AttemptStillFits(Order order, PendingAllocation pending) =>
        order.Document.PendingAllocation?.Attempt == pending.Attempt &&
        pending.Decision.Allocations.Concat(pending.Decision.Backordered).GroupBy(p => p.LineId, StringComparer.Ordinal)
            .All(perLine => order.Document.Lines.FirstOrDefault(l => l.LineId == perLine.Key)?.In(LineState.Open) >= perLine.Sum(p => p.Quantity));

    // ---- Stock intent ---------------------------------------------------------------------------------------------

    /// <summary>Carries out the releases, commits and re-holds the order decided on, recording each as done.</summary>
    public async Task<Order> RunStockActionsAsync(Order order, CancellationToken cancellationToken)
    {
        foreach (var action in order.Document.PendingStockActions.ToList())
        {
            HeldStock? held = null;
            switch (action.Kind)
            {
                case StockActionKind.Release when action.ReservationId.Length > 0:
                    await sourcing.ReleaseAsync(action.ReservationId, cancellationToken);
                    break;
                case StockActionKind.Commit:
                    await sourcing.CommitAsync(action.ReservationId, cancellationToken);
                    break;
                case StockActionKind.Rehold:
                    held = await sourcing.HoldAsync(order.Channel, action.HoldRequestId, action.Sku, action.LocationId, action.Quantity, cancellationToken);
                    break;
            }

            faults.At(OrderStep.StockActionDone);
            var now = clock.GetUtcNow();
            order = await RecordAsync(order, o => o.Document.PendingStockActions.Any(a => a.Id == action.Id), o =>
            {
                if (action.Kind == StockActionKind.Rehold)
                {
                    o.CompleteRehold(action.Id, held, now);
                }
                else
                {
                    o.CompleteStockAction(action.Id);
                }
            });
        }

        return order;
    }

    // ---- Background work ------------------------------------------------------------------------------------------

    /// <summary>Backordered units of these SKUs are sourced again, oldest order first. Returns how many orders were tried.</summary>
    public async Task<int> ResourceBackordersAsync(IReadOnlyCollection<string> skus, int maxOrders, CancellationToken cancellationToken)
    {
        var ids = await store.FindBackorderedAsync(skus, maxOrders, cancellationToken);
        var skuSet = skus.ToHashSet(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            await OnOrderAsync(id, async order =>
            {
                if (order.Document.PendingAllocation is not null || !order.ReopenBackordered(skuSet, "stock arrived", clock.GetUtcNow()))
                {
                    return;
                }

                await SaveAsync(order, clock.GetUtcNow(), cancellationToken);
                await SourceOpenUnitsAsync(order, cancellationToken);
            });
        }

        return ids.Count;
    }

    /// <summary>Fulfilment lines whose stock hold lapsed before shipment are sourced again. Returns how many orders were looked at.</summary>
    public async Task<int> ResourceLapsedHoldsAsync(int maxOrders, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var ids = await store.FindHoldsExpiringAsync(now, maxOrders, cancellationToken);
        foreach (var id in ids)
        {
            await OnOrderAsync(id, async order =>
            {
                var lapsed = order.Document.FulfilmentOrders
                    .SelectMany(f => f.Lines.Where(l => l.ReservationId.Length > 0 && l.ReservationExpiresAt <= now).Select(l => (f.Id, l.LineId)))
                    .ToList();
                if (lapsed.Count == 0 || order.Document.PendingAllocation is not null)
                {
                    return;
                }

                foreach (var (fulfilmentId, lineId) in lapsed)
                {
                    order.ReservationLapsed(fulfilmentId, lineId, now);
                }

                await SaveAsync(order, now, cancellationToken);
                await SourceOpenUnitsAsync(order, cancellationToken);
            });
        }

        return ids.Count;
    }

    /// <summary>
    /// Finishes or undoes the work of an order left between steps: an attempt whose holds may be half taken is undone
    /// (each hold replayed under its own request id, then released), unconfirmed stock changes are carried out, and
    /// open units are sourced; then the returns' work (restocks, refunds, linked orders) is finished.
    /// </summary>
    public async Task ReconcileAsync(string orderId, CancellationToken cancellationToken)
    {
        await OnOrderAsync(orderId, async order =>
        {
            if (order.Document.PendingAllocation is { } pending)
            {
                foreach (var hold in pending.Holds)
                {
                    // Replaying the request id returns the hold the crashed call took, or takes it now: either way it is released.
                    if (await sourcing.HoldAsync(order.Channel, hold.HoldRequestId, hold.Sku, hold.LocationId, hold.Quantity, cancellationToken) is { } stock)
                    {
                        await sourcing.ReleaseAsync(stock.ReservationId, cancellationToken);
                    }
                }

                order.AbandonAllocation(pending.Attempt, "left unfinished (the service stopped mid-way); undone by the reconciler", clock.GetUtcNow());
                await SaveAsync(order, clock.GetUtcNow(), cancellationToken);
            }

            order = await RunStockActionsAsync(order, cancellationToken);
            await SourceOpenUnitsAsync(order, cancellationToken);
        });

        if (returns is not null)
        {
            // After the order's own work, on a fresh read: restocks, refunds and linked orders a crash left undone.
            await OnOrderAsync(orderId, _ => returns.ReconcileAsync(orderId, cancellationToken));
        }
    }

    /// <summary>
    /// Runs background work on one order; a concurrent change by someone else is left for the next pass. So is an order
    /// whose work fails (the inventory refusing a commit, say): passes go oldest first, and one such order must not
    /// stop the work on every order after it. An unreachable order store stops the pass: no other order can be done.
    /// </summary>
    private async Task OnOrderAsync(string orderId, Func<Order, Task> work)
    {
        var order = await store.GetAsync(orderId, CancellationToken.None);
        if (order is null)
        {
            return;
        }

        try
        {
            await work(order);
        }
        catch (OrderConcurrencyException)
        {
            logger.LogInformation("Order {OrderId} changed during background work; the next pass looks at it again", orderId);
        }
        catch (Exception exception) when (exception is not (OperationCanceledException or OrderStoreUnavailableException or OrderOperationStoppedException))
        {
            logger.LogWarning(exception, "Background work on order {OrderId} failed; it is left as it is for the next pass", orderId);
        }
    }
}

/// <summary>Finishes the work of an order's returns left between steps (see Returns.ReturnService).</summary>
public interface IReturnReconciler
{
    Task ReconcileAsync(string orderId, CancellationToken cancellationToken);
}

/// <summary>Who asks, about which order: the caller's channels (null when the caller may see every channel), and the version they read.</summary>
/// <param name="MayReleasePaymentHolds">The caller has the finance role (or is billing): only then may it release a payment hold.</param>
public sealed record OrderCommandContext(string OrderId, string Actor, IReadOnlySet<string>? CallerChannels, long? ExpectedVersion = null, bool MayReleasePaymentHolds = false);

/// <summary>A new order to capture: its document (fields validated by the caller) under the channel's request id.</summary>
/// <param name="Fingerprint">The request without its id, hashed: the same order under the same id is a repeat.</param>
/// <param name="Identity">How the channel identified the customer besides (or instead of) the customer id; the lifecycle
/// stores the customer it resolves to (see <see cref="Customers.IOrderCustomers"/>).</param>
public sealed record CreateOrderCommand(string RequestId, string Fingerprint, OrderDocument Order, Customers.OrderCustomerIdentity? Identity = null);

namespace Sourcing.Orders;

/// <summary>
/// The order aggregate: every change goes through a method that checks it against the line state machine and the
/// order's own rules, changes the document, and records an <see cref="OrderEvent"/>. Stock work the order decides on
/// (holds to take, release, commit) is written into the document first, as intent, and confirmed afterwards, so an
/// order in PostgreSQL is always the truth and its holds in the inventory are derived from it.
/// </summary>
public sealed partial class Order
{
    private readonly List<OrderEvent> _newEvents = [];

    private Order(OrderDocument document, long version)
    {
        Document = document;
        Version = version;
    }

    public OrderDocument Document { get; }

    /// <summary>The version read from the store (0 for a new order). Saving checks it is still the stored one.</summary>
    public long Version { get; private set; }

    public string Id => Document.OrderId;

    public string Channel => Document.Channel;

    /// <summary>Events recorded since the order was read, to be appended with the next save.</summary>
    public IReadOnlyList<OrderEvent> NewEvents => _newEvents;

    public bool IsOnHold => Document.Holds.Any(h => h.Active);

    public OrderStatus Status => StatusOf(Document);

    public static Order Rehydrate(OrderDocument document, long version) => new(document, version);

    /// <summary>A new order with every unit open; the caller has validated the document's fields.</summary>
    public static Order Create(OrderDocument document, string actor, DateTimeOffset now)
    {
        document.CreatedAt = now;
        document.CreatedBy = actor;
        foreach (var line in document.Lines)
        {
            line.States = new Dictionary<LineState, int> { [LineState.Open] = line.Quantity };
        }

        var order = new Order(document, 0);
        order.Record(OrderEventTypes.Created, now, actor, "",
            $"{document.Lines.Count} line(s), {document.Lines.Sum(l => l.Quantity)} unit(s) from channel {document.Channel}");
        return order;
    }

    /// <summary>Called by the store after a successful save.</summary>
    public void MarkSaved(long newVersion)
    {
        Version = newVersion;
        _newEvents.Clear();
    }

    // ---- Holds ----------------------------------------------------------------------------------------------------

    /// <summary>
    /// Places the holds the rules raised, except those a person released already and those in place. Open units wait
    /// as Held. Returns whether any hold was added.
    /// </summary>
    public bool PlaceHolds(IEnumerable<HoldDirective> holds, string actor, DateTimeOffset now)
    {
        if (Document.PendingAllocation is not null)
        {
            throw SourcingInProgress();
        }

        var added = false;
        foreach (var hold in holds)
        {
            if (Document.ReleasedHoldCodes.Contains(hold.Code, StringComparer.Ordinal) ||
                Document.Holds.Any(h => h.Active && h.Code == hold.Code))
            {
                continue;
            }

            var category = hold.Category.Length > 0 ? hold.Category : PaymentHolds.Codes.Contains(hold.Code) ? PaymentHolds.Category : "";
            Document.Holds.Add(new OrderHold { Code = hold.Code, Rule = hold.Rule, Reason = hold.Reason, Category = category, PlacedAt = now });
            Record(OrderEventTypes.Held, now, actor, hold.Reason, $"hold {hold.Code} by rule {hold.Rule}");
            added = true;
        }

        if (added)
        {
            HoldOpenUnits();
        }

        return added;
    }

    /// <summary>
    /// Billing holds the order (a capture failed, the authorisation expired). The reason names the failure: the same
    /// failure never holds the order twice (a replayed billing event after finance released it changes nothing),
    /// while a new failure holds it again even though the code was released before. Returns whether it was added.
    /// </summary>
    public bool PlacePaymentHold(string code, string reason, string actor, DateTimeOffset now)
    {
        if (Document.Holds.Any(h => h.Code == code && (h.Active || h.Reason == reason)))
        {
            return false;
        }

        if (Document.PendingAllocation is not null)
        {
            throw SourcingInProgress();
        }

        Document.Holds.Add(new OrderHold { Code = code, Rule = PaymentHolds.BillingRule, Reason = reason, Category = PaymentHolds.Category, PlacedAt = now });
        Record(OrderEventTypes.Held, now, actor, reason, $"payment hold {code}");
        HoldOpenUnits();
        return true;
    }

    public bool HasActivePaymentHold => Document.Holds.Any(h => h.Active && h.IsPayment());

    private void HoldOpenUnits()
    {
        foreach (var line in Document.Lines)
        {
            Move(line, LineState.Open, LineState.Held, line.In(LineState.Open));
        }
    }

    /// <summary>A person releases one hold; when none is left the held units are open to sourcing again.</summary>
    /// <param name="mayReleasePaymentHolds">Whether the caller is finance (or billing): only they release a payment hold.</param>
    public void ReleaseHold(string code, string reason, string actor, DateTimeOffset now, bool mayReleasePaymentHolds = false)
    {
        var hold = Document.Holds.FirstOrDefault(h => h.Active && h.Code == code)
            ?? throw new OrderStateException("HOLD_NOT_ACTIVE", $"order/{Id}/hold/{code}",
                $"Order '{Id}' has no active hold '{code}'" + (IsOnHold ? $"; active: {string.Join(", ", Document.Holds.Where(h => h.Active).Select(h => h.Code))}." : "; it is not on hold."));
        if (hold.IsPayment() && !mayReleasePaymentHolds)
        {
            throw new OrderPermissionDeniedException($"order/{Id}/hold/{code}",
                $"Hold '{code}' of order '{Id}' is a payment hold: only finance releases it.");
        }

        hold.ReleasedAt = now;
        hold.ReleasedBy = actor;
        hold.ReleaseReason = reason;
        if (!Document.ReleasedHoldCodes.Contains(code, StringComparer.Ordinal))
        {
            Document.ReleasedHoldCodes.Add(code);
        }

        Record(OrderEventTypes.HoldReleased, now, actor, reason, $"hold {code} released");
        ReopenHeldUnitsIfFree();
    }

    /// <summary>Holds the rules no longer raise are released by that evaluation (not remembered as released by a person).</summary>
    public void ReleaseHoldsNoLongerRaised(IReadOnlyCollection<HoldDirective> raised, DateTimeOffset now)
    {
        if (Document.PendingAllocation is not null)
        {
            throw SourcingInProgress();
        }

        foreach (var hold in Document.Holds.Where(h => h.Active && raised.All(r => r.Code != h.Code) && !PaymentHolds.ReleasedOnlyByBillingOrFinance.Contains(h.Code)).ToList())
        {
            hold.ReleasedAt = now;
            hold.ReleasedBy = SystemActor;
            hold.ReleaseReason = "the rules no longer raise it";
            Record(OrderEventTypes.HoldReleased, now, SystemActor, hold.ReleaseReason, $"hold {hold.Code} released");
        }

        ReopenHeldUnitsIfFree();
    }

    private void ReopenHeldUnitsIfFree()
    {
        if (IsOnHold)
        {
            return;
        }

        foreach (var line in Document.Lines)
        {
            Move(line, LineState.Held, LineState.Open, line.In(LineState.Held));
        }
    }

    // ---- Sourcing -------------------------------------------------------------------------------------------------

    public const string SystemActor = "system";

    /// <summary>Units waiting to be sourced, per line (empty while on hold).</summary>
    public IReadOnlyList<(OrderLine Line, int Quantity)> UnitsToSource() =>
        IsOnHold ? [] : Document.Lines.Where(l => l.In(LineState.Open) > 0).Select(l => (l, l.In(LineState.Open))).ToList();

    /// <summary>
    /// Writes a sourcing attempt's plan as intent, with a hold request id per allocation derived from the order and the
    /// attempt: saved before any hold is taken, so a crash leaves a trace the reconciler finishes or undoes.
    /// </summary>
    public PendingAllocation BeginAllocation(SourcingRecord decision, DateTimeOffset now)
    {
        if (Document.PendingAllocation is not null)
        {
            throw SourcingInProgress();
        }

        if (IsOnHold)
        {
            throw new OrderStateException("ORDER_ON_HOLD", $"order/{Id}", $"Order '{Id}' is on hold; it is sourced once every hold is released.");
        }

        var attempt = ++Document.SourcingAttempts;
        decision.Attempt = attempt;
        decision.DecidedAt = now;
        foreach (var perLine in decision.Allocations.Concat(decision.Backordered).GroupBy(p => p.LineId, StringComparer.Ordinal))
        {
            var line = Line(perLine.Key);
            if (perLine.Any(p => p.Quantity <= 0) || perLine.Sum(p => p.Quantity) > line.In(LineState.Open))
            {
                throw new InvalidOperationException($"The plan moves {perLine.Sum(p => p.Quantity)} unit(s) of line '{line.LineId}' but {line.In(LineState.Open)} are open.");
            }
        }

        var pending = new PendingAllocation
        {
            Attempt = attempt,
            StartedAt = now,
            Decision = decision,
            Holds = decision.Allocations.Select((a, i) => new PlannedHold
            {
                HoldRequestId = $"order:{Id}:a{attempt}:{i}",
                LineId = a.LineId,
                Sku = Line(a.LineId).Sku,
                LocationId = a.LocationId,
                Quantity = a.Quantity,
            }).ToList(),
        };
        Document.PendingAllocation = pending;
        return pending;
    }

    /// <summary>
    /// Every planned hold was taken: the allocations become fulfilment orders (one per location), the backordered
    /// units wait for stock, and the decision is kept with the order.
    /// </summary>
    public void CompleteAllocation(int attempt, IReadOnlyDictionary<string, HeldStock> holds, DateTimeOffset now)
    {
        var pending = PendingOf(attempt);
        var created = new List<FulfilmentOrder>();
        foreach (var byLocation in pending.Holds.GroupBy(h => h.LocationId, StringComparer.Ordinal))
        {
            var fulfilment = new FulfilmentOrder
            {
                Id = $"{Id}-F{Document.FulfilmentOrders.Count + 1}",
                LocationId = byLocation.Key,
                Status = FulfilmentStatus.Created,
                CreatedAt = now,
            };
            foreach (var planned in byLocation)
            {
                var held = holds.TryGetValue(planned.HoldRequestId, out var h)
                    ? h
                    : throw new InvalidOperationException($"No hold was reported for '{planned.HoldRequestId}'.");
                Move(Line(planned.LineId), LineState.Open, LineState.Allocated, planned.Quantity);
                fulfilment.Lines.Add(new FulfilmentLine
                {
                    LineId = planned.LineId,
                    Sku = planned.Sku,
                    Quantity = planned.Quantity,
                    ReservationId = held.ReservationId,
                    ReservationExpiresAt = held.ExpiresAt,
                });
            }

            Document.FulfilmentOrders.Add(fulfilment);
            created.Add(fulfilment);
        }

        foreach (var backordered in pending.Decision.Backordered)
        {
            Move(Line(backordered.LineId), LineState.Open, LineState.Backordered, backordered.Quantity);
        }

        Document.Decisions.Add(pending.Decision);
        Document.PendingAllocation = null;
        var decision = pending.Decision;
        Record(OrderEventTypes.Sourced, now, SystemActor, "",
            $"attempt {attempt}: {decision.Allocations.Sum(a => a.Quantity)} unit(s) allocated to {created.Count} location(s), " +
            $"{decision.Backordered.Sum(b => b.Quantity)} backordered; solver {decision.SolverStatus} ({decision.SolverMethod}), rules {decision.RulesVersion}");
        foreach (var fulfilment in created)
        {
            Record(OrderEventTypes.FulfilmentCreated, now, SystemActor, "",
                $"{fulfilment.Id} at {fulfilment.LocationId}: " + string.Join(", ", fulfilment.Lines.Select(l => $"{l.LineId} x{l.Quantity}")));
        }

        if (decision.Backordered.Count > 0)
        {
            Record(OrderEventTypes.Backordered, now, SystemActor, "no location can supply these units now",
                string.Join(", ", decision.Backordered.Select(b => $"{b.LineId} x{b.Quantity}")));
        }
    }

    /// <summary>The attempt's holds could not all be taken (stock moved) or were undone after a crash; its holds are released.</summary>
    public void AbandonAllocation(int attempt, string reason, DateTimeOffset now)
    {
        PendingOf(attempt);
        Document.PendingAllocation = null;
        Record(OrderEventTypes.SourcingAbandoned, now, SystemActor, reason, $"attempt {attempt} undone; its units are open to sourcing again");
    }

    private PendingAllocation PendingOf(int attempt) =>
        Document.PendingAllocation is { } pending && pending.Attempt == attempt
            ? pending
            : throw new OrderConcurrencyException(Id, Version);

    /// <summary>Backordered units of the given SKUs (all when null) become open to sourcing: stock has arrived.</summary>
    public bool ReopenBackordered(IReadOnlySet<string>? skus, string why, DateTimeOffset now)
    {
        var moved = new List<string>();
        foreach (var line in Document.Lines.Where(l => l.In(LineState.Backordered) > 0 && (skus is null || skus.Contains(l.Sku))))
        {
            moved.Add($"{line.LineId} x{line.In(LineState.Backordered)}");
            Move(line, LineState.Backordered, LineState.Open, line.In(LineState.Backordered));
        }

        if (moved.Count > 0)
        {
            Record(OrderEventTypes.Resourcing, now, SystemActor, why, string.Join(", ", moved));
        }

        return moved.Count > 0;
    }

    // ---- Fulfilment ---------------------------------------------------------------------------------------------

    /// <summary>The location takes the fulfilment order on. Accepting twice is harmless.</summary>
    public void AcceptFulfilment(string fulfilmentOrderId, string actor, DateTimeOffset now)
    {
        var fulfilment = Fulfilment(fulfilmentOrderId);
        if (fulfilment.Status is FulfilmentStatus.Accepted or FulfilmentStatus.Packed)
        {
            return;
        }

        RequireOpen(fulfilment, "accepted");
        RequireNoPaymentHold(fulfilment, "accepted");
        MoveFulfilmentUnits(fulfilment, LineState.Released);
        fulfilment.Status = FulfilmentStatus.Accepted;
        Record(OrderEventTypes.FulfilmentAccepted, now, actor, "", $"{fulfilment.Id} accepted at {fulfilment.LocationId}");
    }

    /// <summary>The location picked and packed everything still to ship. Packing twice is harmless.</summary>
    public void MarkPacked(string fulfilmentOrderId, string actor, DateTimeOffset now)
    {
        var fulfilment = Fulfilment(fulfilmentOrderId);
        if (fulfilment.Status == FulfilmentStatus.Packed)
        {
            return;
        }

        RequireOpen(fulfilment, "packed");
        RequireNoPaymentHold(fulfilment, "packed");
        if (fulfilment.Status != FulfilmentStatus.Accepted)
        {
            throw new OrderStateException("FULFILMENT_NOT_ACCEPTED", $"fulfilment/{fulfilment.Id}",
                $"Fulfilment order '{fulfilment.Id}' is {fulfilment.Status}: the location accepts it before packing.");
        }

        MoveFulfilmentUnits(fulfilment, LineState.Picked);
        fulfilment.Status = FulfilmentStatus.Packed;
        Record(OrderEventTypes.FulfilmentPacked, now, actor, "", $"{fulfilment.Id} packed at {fulfilment.LocationId}");
    }

    /// <summary>
    /// The location cannot supply some units (not found, damaged). They are open to sourcing again, never from this
    /// location for that line; the line's hold is released, and what the location keeps is held again under a new
    /// reservation (the inventory holds a reservation whole).
    /// </summary>
    public void RejectLines(string fulfilmentOrderId, IReadOnlyList<LineQuantity> rejected, string reason, string actor, DateTimeOffset now)
    {
        rejected = PerLine(rejected);
        var fulfilment = Fulfilment(fulfilmentOrderId);
        RequireOpen(fulfilment, "rejected");
        RequireNoPendingHold(fulfilment, rejected.Select(r => r.LineId));
        var state = fulfilment.UnitState;
        foreach (var rejection in rejected)
        {
            var line = FulfilmentLineOf(fulfilment, rejection.LineId);
            if (rejection.Quantity > line.Remaining)
            {
                throw new OrderStateException("QUANTITY_NOT_AT_LOCATION", $"fulfilment/{fulfilment.Id}/line/{line.LineId}",
                    $"Fulfilment order '{fulfilment.Id}' has {line.Remaining} unit(s) of line '{line.LineId}' to ship; {rejection.Quantity} cannot be rejected.");
            }
        }

        foreach (var rejection in rejected)
        {
            var line = FulfilmentLineOf(fulfilment, rejection.LineId);
            var orderLine = Line(line.LineId);
            Move(orderLine, state, LineState.Open, rejection.Quantity);
            line.Rejected += rejection.Quantity;
            if (!orderLine.ExcludedLocations.Contains(fulfilment.LocationId, StringComparer.Ordinal))
            {
                orderLine.ExcludedLocations.Add(fulfilment.LocationId);
            }

            ReplaceHold(fulfilment, line, now);
        }

        CloseIfDone(fulfilment);
        Record(OrderEventTypes.FulfilmentLinesRejected, now, actor, reason,
            $"{fulfilment.Id} at {fulfilment.LocationId} rejected " + string.Join(", ", rejected.Select(r => $"{r.LineId} x{r.Quantity}")) + "; to be sourced elsewhere");
    }

    /// <summary>
    /// The location shipped whole lines of its fulfilment order (a line ships all its remaining units at once: reject
    /// what cannot be shipped first). Their reservations are committed: the stock leaves on hand.
    /// </summary>
    public Shipment ConfirmShipment(string fulfilmentOrderId, string carrier, string trackingNumber, IReadOnlyList<LineQuantity> shipped, string actor, DateTimeOffset now)
    {
        shipped = PerLine(shipped);
        var fulfilment = Fulfilment(fulfilmentOrderId);
        RequireOpen(fulfilment, "shipped");
        RequireNoPaymentHold(fulfilment, "shipped");
        RequireNoPendingHold(fulfilment, shipped.Select(s => s.LineId));
        foreach (var item in shipped)
        {
            var line = FulfilmentLineOf(fulfilment, item.LineId);
            if (item.Quantity != line.Remaining)
            {
                throw new OrderStateException("SHIPMENT_QUANTITY_MISMATCH", $"fulfilment/{fulfilment.Id}/line/{line.LineId}",
                    $"Line '{line.LineId}' of fulfilment order '{fulfilment.Id}' has {line.Remaining} unit(s) to ship; a shipment carries them all " +
                    $"({item.Quantity} given). Reject the units that cannot be shipped first.");
            }
        }

        var state = fulfilment.UnitState;
        var shipment = new Shipment
        {
            Id = $"{fulfilment.Id}-S{Document.Shipments.Count(s => s.FulfilmentOrderId == fulfilment.Id) + 1}",
            FulfilmentOrderId = fulfilment.Id,
            LocationId = fulfilment.LocationId,
            Carrier = carrier,
            TrackingNumber = trackingNumber,
            ShippedAt = now,
        };
        foreach (var item in shipped)
        {
            var line = FulfilmentLineOf(fulfilment, item.LineId);
            Move(Line(line.LineId), state, LineState.Shipped, item.Quantity);
            line.Shipped += item.Quantity;
            AddStockAction(StockActionKind.Commit, fulfilment, line, line.ReservationId, item.Quantity, now);
            line.ReservationId = "";
            line.ReservationExpiresAt = null;
            shipment.Lines.Add(new ShipmentLine { LineId = line.LineId, Quantity = item.Quantity });
        }

        Document.Shipments.Add(shipment);
        CloseIfDone(fulfilment);
        Record(OrderEventTypes.ShipmentConfirmed, now, actor, "",
            $"{shipment.Id} from {shipment.LocationId} by {carrier} ({trackingNumber}): " + string.Join(", ", shipment.Lines.Select(l => $"{l.LineId} x{l.Quantity}")));
        return shipment;
    }

    /// <summary>The most carrier events one shipment keeps: a carrier re-sending failures must not grow an order without end.</summary>
    public const int MaxDeliveryEventsPerShipment = 50;

    /// <summary>A carrier event for a shipment. A second "delivered" changes nothing.</summary>
    public void RecordDelivery(string shipmentId, bool delivered, DateTimeOffset at, string detail, string actor, DateTimeOffset now)
    {
        var shipment = Document.Shipments.FirstOrDefault(s => s.Id == shipmentId)
            ?? throw new OrderStateException("SHIPMENT_NOT_FOUND", $"order/{Id}/shipment/{shipmentId}", $"Order '{Id}' has no shipment '{shipmentId}'.");
        if (delivered && shipment.Delivered)
        {
            return;
        }

        if (shipment.DeliveryEvents.Count >= MaxDeliveryEventsPerShipment)
        {
            throw new OrderStateException("TOO_MANY_DELIVERY_EVENTS", $"order/{Id}/shipment/{shipmentId}",
                $"Shipment '{shipmentId}' has {shipment.DeliveryEvents.Count} delivery events already, the most one keeps; no more are recorded.");
        }

        shipment.DeliveryEvents.Add(new DeliveryEvent { Kind = delivered ? "delivered" : "failed", At = at, Detail = detail });
        if (delivered)
        {
            shipment.Delivered = true;
            foreach (var line in shipment.Lines)
            {
                Move(Line(line.LineId), LineState.Shipped, LineState.Delivered, line.Quantity);
            }

            Record(OrderEventTypes.ShipmentDelivered, now, actor, detail, $"{shipment.Id} delivered at {at:O}");
        }
        else
        {
            Record(OrderEventTypes.DeliveryFailed, now, actor, detail, $"{shipment.Id}: delivery attempt failed at {at:O}");
        }
    }

    /// <summary>The reservation behind a fulfilment line lapsed before shipment: its units are sourced again, not lost.</summary>
    public void ReservationLapsed(string fulfilmentOrderId, string lineId, DateTimeOffset now)
    {
        var fulfilment = Fulfilment(fulfilmentOrderId);
        var line = FulfilmentLineOf(fulfilment, lineId);
        if (line.Remaining == 0 || line.ReservationId.Length == 0)
        {
            return;
        }

        Move(Line(lineId), fulfilment.UnitState, LineState.Open, line.Remaining);
        var lapsed = line.Remaining;
        line.Rejected += lapsed;
        line.ReservationId = "";
        line.ReservationExpiresAt = null;
        CloseIfDone(fulfilment);
        Record(OrderEventTypes.ReservationLapsed, now, SystemActor, "the stock hold expired before shipment",
            $"{fulfilment.Id} {lineId} x{lapsed} at {fulfilment.LocationId}; to be sourced again");
    }

    // ---- Cancellation -------------------------------------------------------------------------------------------

    /// <summary>
    /// Cancels units that have not shipped: the whole order (line null) or a quantity of one line (null = all of it
    /// that can be). Units held at locations have their holds released. Shipped units are refused: returns handle them.
    /// </summary>
    public int Cancel(string? lineId, int? quantity, string reason, string actor, DateTimeOffset now)
    {
        if (Document.PendingAllocation is not null)
        {
            throw SourcingInProgress();
        }

        var lines = lineId is null ? Document.Lines : [Line(lineId)];
        var cancellable = lines.Sum(Cancellable);
        var wanted = lineId is null ? cancellable : quantity ?? cancellable;
        if (wanted == 0 || wanted > cancellable)
        {
            var shipped = lines.Sum(l => l.In(LineState.Shipped) + l.In(LineState.Delivered) + l.In(LineState.Returned));
            throw new OrderStateException("NOT_CANCELLABLE", lineId is null ? $"order/{Id}" : $"order/{Id}/line/{lineId}",
                $"{cancellable} unit(s) can be cancelled" + (quantity is null ? "" : $", {wanted} asked") +
                (shipped > 0 ? $"; {shipped} already shipped (returns handle those)." : "."));
        }

        var left = wanted;
        foreach (var line in lines)
        {
            left -= CancelUnits(line, lineId is null ? Cancellable(line) : left, now);
        }

        Record(OrderEventTypes.Cancelled, now, actor, reason,
            lineId is null ? $"{wanted} unit(s) of the order cancelled" : $"{wanted} unit(s) of line {lineId} cancelled");
        return wanted;
    }

    private static int Cancellable(OrderLine line) => LineStateMachine.CancellableStates.Sum(line.In);

    private int CancelUnits(OrderLine line, int wanted, DateTimeOffset now)
    {
        var left = wanted;
        foreach (var state in new[] { LineState.Open, LineState.Held, LineState.Backordered })
        {
            var take = Math.Min(left, line.In(state));
            Move(line, state, LineState.Cancelled, take);
            left -= take;
        }

        // Then units at locations, the newest fulfilment order first (the least work done on it).
        foreach (var fulfilment in Document.FulfilmentOrders.AsEnumerable().Reverse().Where(f => f.Status != FulfilmentStatus.Closed))
        {
            foreach (var fulfilmentLine in fulfilment.Lines.Where(l => l.LineId == line.LineId && l.Remaining > 0))
            {
                if (left == 0)
                {
                    break;
                }

                if (fulfilmentLine.ReservationId.Length == 0)
                {
                    throw new OrderStateException("HOLD_BEING_REPLACED", $"fulfilment/{fulfilment.Id}/line/{line.LineId}",
                        $"The stock hold of line '{line.LineId}' at '{fulfilment.LocationId}' is being replaced; retry in a moment.");
                }

                var take = Math.Min(left, fulfilmentLine.Remaining);
                Move(line, fulfilment.UnitState, LineState.Cancelled, take);
                fulfilmentLine.Cancelled += take;
                left -= take;
                ReplaceHold(fulfilment, fulfilmentLine, now);
            }

            CloseIfDone(fulfilment);
        }

        return wanted - left;
    }

    // ---- Stock intent ---------------------------------------------------------------------------------------------

    /// <summary>
    /// The fulfilment line's hold is released; if units remain, a new hold is planned for them under the next revision.
    /// </summary>
    private void ReplaceHold(FulfilmentOrder fulfilment, FulfilmentLine line, DateTimeOffset now)
    {
        AddStockAction(StockActionKind.Release, fulfilment, line, line.ReservationId, 0, now);
        line.ReservationId = "";
        line.ReservationExpiresAt = null;
        if (line.Remaining > 0)
        {
            line.HoldRevision++;
            var action = AddStockAction(StockActionKind.Rehold, fulfilment, line, "", line.Remaining, now);
            action.HoldRequestId = $"order:{Id}:{fulfilment.Id}:{line.LineId}:r{line.HoldRevision}";
        }
    }

    private PendingStockAction AddStockAction(StockActionKind kind, FulfilmentOrder fulfilment, FulfilmentLine line, string reservationId, int quantity, DateTimeOffset now)
    {
        var action = new PendingStockAction
        {
            Id = $"s{++Document.StockActionCounter}",
            Kind = kind,
            ReservationId = reservationId,
            FulfilmentOrderId = fulfilment.Id,
            LineId = line.LineId,
            Sku = line.Sku,
            LocationId = fulfilment.LocationId,
            Quantity = quantity,
            CreatedAt = now,
        };
        Document.PendingStockActions.Add(action);
        return action;
    }

    /// <summary>The inventory confirmed a release or commit.</summary>
    public void CompleteStockAction(string actionId) =>
        Document.PendingStockActions.RemoveAll(a => a.Id == actionId && a.Kind != StockActionKind.Rehold);

    /// <summary>
    /// A hold for units a location kept: taken (the line carries the new reservation) or refused for lack of stock (the
    /// units are open to sourcing again, like a rejection but without excluding the location).
    /// </summary>
    public void CompleteRehold(string actionId, HeldStock? held, DateTimeOffset now)
    {
        var action = Document.PendingStockActions.FirstOrDefault(a => a.Id == actionId && a.Kind == StockActionKind.Rehold);
        if (action is null)
        {
            return;
        }

        Document.PendingStockActions.Remove(action);
        var fulfilment = Fulfilment(action.FulfilmentOrderId);
        var line = FulfilmentLineOf(fulfilment, action.LineId);
        if (held is not null)
        {
            line.ReservationId = held.ReservationId;
            line.ReservationExpiresAt = held.ExpiresAt;
            return;
        }

        var lost = line.Remaining;
        Move(Line(line.LineId), fulfilment.UnitState, LineState.Open, lost);
        line.Rejected += lost;
        CloseIfDone(fulfilment);
        Record(OrderEventTypes.ReservationLapsed, now, SystemActor, "the stock was taken while its hold was being replaced",
            $"{fulfilment.Id} {line.LineId} x{lost} at {fulfilment.LocationId}; to be sourced again");
    }

    // ---- Helpers --------------------------------------------------------------------------------------------------

    public OrderLine Line(string lineId) =>
        Document.Lines.FirstOrDefault(l => l.LineId == lineId)
        ?? throw new OrderStateException("LINE_NOT_FOUND", $"order/{Id}/line/{lineId}", $"Order '{Id}' has no line '{lineId}'.");

    public FulfilmentOrder Fulfilment(string fulfilmentOrderId) =>
        Document.FulfilmentOrders.FirstOrDefault(f => f.Id == fulfilmentOrderId)
        ?? throw new OrderStateException("FULFILMENT_ORDER_NOT_FOUND", $"order/{Id}/fulfilment/{fulfilmentOrderId}",
            $"Order '{Id}' has no fulfilment order '{fulfilmentOrderId}'.");

    private static FulfilmentLine FulfilmentLineOf(FulfilmentOrder fulfilment, string lineId) =>
        fulfilment.Lines.FirstOrDefault(l => l.LineId == lineId)
        ?? throw new OrderStateException("LINE_NOT_IN_FULFILMENT_ORDER", $"fulfilment/{fulfilment.Id}/line/{lineId}",
            $"Fulfilment order '{fulfilment.Id}' has no line '{lineId}'.");

    /// <summary>One entry per line (a line named twice counts once, with both quantities); every quantity positive.</summary>
    private IReadOnlyList<LineQuantity> PerLine(IReadOnlyList<LineQuantity> quantities)
    {
        var merged = quantities.GroupBy(q => q.LineId, StringComparer.Ordinal).Select(g => new LineQuantity(g.Key, g.Sum(q => q.Quantity))).ToList();
        if (merged.Count == 0 || merged.Any(q => q.Quantity <= 0))
        {
            throw new OrderStateException("NO_UNITS_GIVEN", $"order/{Id}", "Name at least one line, each with a positive quantity.");
        }

        return merged;
    }

    private static void RequireOpen(FulfilmentOrder fulfilment, string verb)
    {
        if (fulfilment.Status == FulfilmentStatus.Closed)
        {
            throw new OrderStateException("FULFILMENT_ORDER_CLOSED", $"fulfilment/{fulfilment.Id}",
                $"Fulfilment order '{fulfilment.Id}' is closed (everything shipped, rejected or cancelled); it cannot be {verb}.");
        }
    }

    /// <summary>While the money is in question (a capture failed, credit refused) nothing more leaves the warehouse.</summary>
    private void RequireNoPaymentHold(FulfilmentOrder fulfilment, string verb)
    {
        if (Document.Holds.FirstOrDefault(h => h.Active && h.IsPayment()) is { } hold)
        {
            throw new OrderStateException("ORDER_ON_PAYMENT_HOLD", $"fulfilment/{fulfilment.Id}",
                $"Order '{Id}' is on payment hold {hold.Code} ({hold.Reason}); fulfilment order '{fulfilment.Id}' cannot be {verb} until finance releases it.");
        }
    }

    private void RequireNoPendingHold(FulfilmentOrder fulfilment, IEnumerable<string> lineIds)
    {
        foreach (var lineId in lineIds)
        {
            if (FulfilmentLineOf(fulfilment, lineId).ReservationId.Length == 0 &&
                Document.PendingStockActions.Any(a => a.Kind == StockActionKind.Rehold && a.FulfilmentOrderId == fulfilment.Id && a.LineId == lineId))
            {
                throw new OrderStateException("HOLD_BEING_REPLACED", $"fulfilment/{fulfilment.Id}/line/{lineId}",
                    $"The stock hold of line '{lineId}' at '{fulfilment.LocationId}' is being replaced; retry in a moment.");
            }
        }
    }

    private static void CloseIfDone(FulfilmentOrder fulfilment)
    {
        if (fulfilment.Remaining == 0)
        {
            fulfilment.Status = FulfilmentStatus.Closed;
        }
    }

    private void MoveFulfilmentUnits(FulfilmentOrder fulfilment, LineState to)
    {
        var from = fulfilment.UnitState;
        foreach (var line in fulfilment.Lines.Where(l => l.Remaining > 0))
        {
            Move(Line(line.LineId), from, to, line.Remaining);
        }
    }

    private OrderStateException SourcingInProgress() =>
        new("SOURCING_IN_PROGRESS", $"order/{Id}", $"Order '{Id}' is being sourced right now; retry in a moment.");

    /// <summary>
    /// Moves units of a line between states, checked against <see cref="LineStateMachine"/>. Internal so the domain
    /// tests can try moves no command makes.
    /// </summary>
    internal void Move(OrderLine line, LineState from, LineState to, int quantity)
    {
        if (quantity == 0)
        {
            return;
        }

        if (!LineStateMachine.IsAllowed(from, to))
        {
            throw new OrderStateException("ILLEGAL_LINE_TRANSITION", $"order/{Id}/line/{line.LineId}",
                $"Units of line '{line.LineId}' cannot go from {from} to {to}; the line is {Describe(line)}.");
        }

        if (quantity < 0 || line.In(from) < quantity)
        {
            throw new OrderStateException("ILLEGAL_LINE_TRANSITION", $"order/{Id}/line/{line.LineId}",
                $"Line '{line.LineId}' has {line.In(from)} unit(s) {from}, not {quantity}; the line is {Describe(line)}.");
        }

        line.States[from] = line.In(from) - quantity;
        if (line.States[from] == 0)
        {
            line.States.Remove(from);
        }

        line.States[to] = line.In(to) + quantity;
    }

    /// <summary>"3 Shipped, 1 Backordered, 1 Cancelled".</summary>
    public static string Describe(OrderLine line) =>
        string.Join(", ", line.States.Where(s => s.Value > 0).OrderBy(s => s.Key).Select(s => $"{s.Value} {s.Key}"));

    /// <summary>The longest actor, reason and detail an event keeps; longer ones are cut, saying how long they were.</summary>
    public const int MaxEventActorLength = 200, MaxEventReasonLength = 1_000, MaxEventDetailLength = 4_000;

    private void Record(string type, DateTimeOffset now, string actor, string reason, string detail) =>
        // Details list lines (an order may have 500, each id up to 64 characters) and reasons may come from rule files:
        // bounded here so that every store can keep every event.
        _newEvents.Add(new OrderEvent(type, now, Bounded(actor, MaxEventActorLength), Bounded(reason, MaxEventReasonLength), Bounded(detail, MaxEventDetailLength)));

    private static string Bounded(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var suffix = $" ... ({text.Length} characters in all)";
        return text[..(max - suffix.Length)] + suffix;
    }

    /// <summary>The columns a store keeps beside the document, to find and list orders without reading documents.</summary>
    public OrderProjection Project() => new(
        Status,
        Document.Customer.Id,
        Document.Lines.Sum(l => l.UnitPriceMinor * l.Quantity) + Document.ShippingChargeMinor,
        Unfinished: Document.PendingAllocation is not null || Document.PendingStockActions.Count > 0 || UnitsToSource().Count > 0 || ReturnsWorkLeft,
        BackorderedSkus: Document.Lines.Where(l => l.In(LineState.Backordered) > 0).Select(l => l.Sku).Distinct(StringComparer.Ordinal).ToList(),
        EarliestHoldExpiry: Document.FulfilmentOrders.SelectMany(f => f.Lines).Where(l => l.ReservationId.Length > 0).Min(l => l.ReservationExpiresAt),
        Returns: ProjectReturns(),
        UnitsShipped: Document.Lines.Sum(UnitsShippedOf),
        UnitsReturned: Document.Lines.Sum(l => l.In(LineState.Returned)),
        ShippedValueMinor: Document.Lines.Sum(l => l.UnitPriceMinor * UnitsShippedOf(l)),
        ReturnedValueMinor: Document.Lines.Sum(l => l.UnitPriceMinor * l.In(LineState.Returned)));

    /// <summary>Units that left a location for the customer: shipped, delivered, or back as returned.</summary>
    private static int UnitsShippedOf(OrderLine line) => line.In(LineState.Shipped) + line.In(LineState.Delivered) + line.In(LineState.Returned);

    public static OrderStatus StatusOf(OrderDocument document)
    {
        int Sum(LineState state) => document.Lines.Sum(l => l.In(state));
        var total = document.Lines.Sum(l => l.Quantity);
        var cancelled = Sum(LineState.Cancelled);
        var live = total - cancelled;
        var shippedOrLater = Sum(LineState.Shipped) + Sum(LineState.Delivered) + Sum(LineState.Returned);
        if (live == 0)
        {
            return OrderStatus.Cancelled;
        }

        if (document.Holds.Any(h => h.Active))
        {
            return OrderStatus.OnHold;
        }

        if (shippedOrLater == live)
        {
            return Sum(LineState.Shipped) == 0 ? OrderStatus.Delivered : OrderStatus.Shipped;
        }

        if (shippedOrLater > 0)
        {
            return OrderStatus.PartiallyShipped;
        }

        if (Sum(LineState.Allocated) + Sum(LineState.Released) + Sum(LineState.Picked) > 0)
        {
            return OrderStatus.InFulfilment;
        }

        return Sum(LineState.Backordered) > 0 ? OrderStatus.Backordered : OrderStatus.Open;
    }
}

/// <param name="Unfinished">Work is left between steps: the reconciler looks at it once it has not changed for a while.</param>
/// <param name="Returns">The order's returns as the store indexes them (see <see cref="Returns.ReturnProjection"/>).</param>
/// <param name="UnitsShipped">Units shipped, delivered or returned (the customer facts' base, with the values below).</param>
/// <param name="ShippedValueMinor">Those units at their unit prices, in the order's currency.</param>
public sealed record OrderProjection(
    OrderStatus Status, string CustomerId, long TotalMinor, bool Unfinished, IReadOnlyList<string> BackorderedSkus, DateTimeOffset? EarliestHoldExpiry,
    IReadOnlyList<Returns.ReturnProjection> Returns, int UnitsShipped, int UnitsReturned, long ShippedValueMinor, long ReturnedValueMinor);

/// <summary>A hold the rules raise: its code, the rule, and why.</summary>
/// <param name="Category">"" for an ordinary hold; "payment" for a hold a payment rule raised, which only finance releases.</param>
public sealed record HoldDirective(string Code, string Rule, string Reason, string Category = "");

/// <summary>A quantity of one order line.</summary>
public sealed record LineQuantity(string LineId, int Quantity);

/// <summary>A stock hold the inventory confirmed.</summary>
public sealed record HeldStock(string ReservationId, DateTimeOffset ExpiresAt);

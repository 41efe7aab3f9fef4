using Sourcing.Orders.Returns;

namespace Sourcing.Orders;

// Returns: the order's side of a return authorisation (what may come back, units moving to Returned, the history).
// Every check that guards "never more returned than shipped" runs here, on the copy that is saved under the order's
// version: two concurrent returns of the last unit cannot both pass it and both be saved.
public sealed partial class Order
{
    /// <summary>The return with this id or number (case-insensitive), or null.</summary>
    public ReturnAuthorisation? FindReturn(string returnIdOrNumber) =>
        Document.Returns.FirstOrDefault(r => r.Id == returnIdOrNumber || string.Equals(r.Number, returnIdOrNumber, StringComparison.OrdinalIgnoreCase));

    /// <summary>Appends a return's step to the order's history (and, when saved, the event feed); marks the return changed.</summary>
    public void RecordReturnEvent(ReturnAuthorisation rma, string type, string actor, string reason, string detail, DateTimeOffset now)
    {
        rma.UpdatedAt = now;
        Record(type, now, actor, reason, $"{rma.Number}: {detail}");
    }

    /// <summary>
    /// Units of the line that may still be returned: those shipped or delivered, less those open returns are bringing
    /// back and have not received yet. A repair counts in full while open: its received units stay the customer's
    /// (they are not moved to Returned) and go back to them.
    /// </summary>
    public int ReturnableUnits(OrderLine line) =>
        line.In(LineState.Shipped) + line.In(LineState.Delivered) -
        Document.Returns.Where(r => r.IsOpen)
            .SelectMany(r => r.Lines.Where(l => l.LineId == line.LineId).Select(l => r.Kind == ReturnKind.Repair ? l.Quantity : l.Outstanding))
            .Sum();

    /// <summary>
    /// Adds a new return: every line known, no more units than returnable, no more returns than the order keeps.
    /// Records <c>return.authorised</c>.
    /// </summary>
    public void AuthoriseReturn(ReturnAuthorisation rma, int maxReturnsPerOrder, string actor, DateTimeOffset now)
    {
        if (Document.Returns.Count >= maxReturnsPerOrder)
        {
            throw new OrderStateException("TOO_MANY_RETURNS", $"order/{Id}",
                $"Order '{Id}' has {Document.Returns.Count} returns, the most one order keeps; no more can be authorised.");
        }

        foreach (var returned in rma.Lines)
        {
            var line = Line(returned.LineId);
            var returnable = ReturnableUnits(line);
            if (returned.Quantity > returnable)
            {
                throw new OrderStateException("RETURN_EXCEEDS_SHIPPED", $"order/{Id}/line/{line.LineId}",
                    $"Line '{line.LineId}' has {returnable} unit(s) that can be returned ({returned.Quantity} asked): " +
                    $"the line is {Describe(line)}, and open returns bring back {line.In(LineState.Shipped) + line.In(LineState.Delivered) - returnable}.");
            }

            returned.Sku = line.Sku;
        }

        rma.Status = ReturnStatus.Authorised;
        rma.CreatedAt = now;
        rma.CreatedBy = actor;
        Document.Returns.Add(rma);
        RecordReturnEvent(rma, ReturnEventTypes.Authorised, actor, rma.PolicyOverrideReason,
            $"{rma.Kind} of " + string.Join(", ", rma.Lines.Select(l => $"{l.LineId} x{l.Quantity} ({l.Reason})")) +
            $", to {rma.DestinationLocationId}, valid until {rma.ExpiresAt:O}" +
            (rma.PolicyOverriddenBy.Length > 0 ? $"; policy overridden by {rma.PolicyOverriddenBy}" : ""), now);
    }

    /// <summary>The customer handed the goods over (store counter, carrier). A repeat changes nothing; returns whether it changed.</summary>
    public bool RecordReturnDropOff(ReturnAuthorisation rma, string dropOffPoint, DateTimeOffset at, string actor, DateTimeOffset now)
    {
        RequireOpen(rma, "dropped off");
        if (rma.Status != ReturnStatus.Authorised)
        {
            return false;
        }

        rma.Status = ReturnStatus.DroppedOff;
        rma.DropOffPoint = dropOffPoint;
        rma.DroppedOffAt = at;
        RecordReturnEvent(rma, ReturnEventTypes.DroppedOff, actor, "", $"handed over at {dropOffPoint} at {at:O}", now);
        return true;
    }

    /// <summary>
    /// Records a receipt: inspected units per line within what is outstanding; the original order's units move from
    /// Delivered (first) or Shipped to Returned (a repair's stay the customer's); resellable units get a restock request
    /// id and wait, unconfirmed, for the inventory. Records the disposition events and <c>return.received</c>.
    /// </summary>
    public void ReceiveReturn(ReturnAuthorisation rma, ReturnReceipt receipt, int maxReceiptsPerReturn, string actor, DateTimeOffset now)
    {
        RequireOpen(rma, "received");
        if (rma.Status is not (ReturnStatus.Authorised or ReturnStatus.DroppedOff or ReturnStatus.PartlyReceived))
        {
            throw new OrderStateException("RETURN_ALREADY_RECEIVED", $"return/{rma.Number}",
                $"Return {rma.Number} is {rma.Status}: every authorised unit was received already.");
        }

        if (rma.Receipts.Count >= maxReceiptsPerReturn)
        {
            throw new OrderStateException("TOO_MANY_RECEIPTS", $"return/{rma.Number}",
                $"Return {rma.Number} has {rma.Receipts.Count} receipts, the most one return keeps.");
        }

        foreach (var perLine in receipt.Units.GroupBy(u => u.LineId, StringComparer.Ordinal))
        {
            var line = ReturnLineOf(rma, perLine.Key);
            if (perLine.Sum(u => u.Quantity) > line.Outstanding)
            {
                throw new OrderStateException("RECEIPT_EXCEEDS_AUTHORISED", $"order/{Id}/line/{line.LineId}",
                    $"Return {rma.Number} expects {line.Outstanding} more unit(s) of line '{line.LineId}' ({line.Quantity} authorised, " +
                    $"{line.Received} received); {perLine.Sum(u => u.Quantity)} cannot be received.");
            }
        }

        receipt.ReceiptId = $"r{rma.Receipts.Count + 1}";
        receipt.ReceivedAt = now;
        receipt.ReceivedBy = actor;
        foreach (var units in receipt.Units)
        {
            var line = ReturnLineOf(rma, units.LineId);
            line.Received += units.Quantity;
            if (rma.Kind != ReturnKind.Repair)
            {
                MoveToReturned(Line(units.LineId), units.Quantity);
            }

            // A repair's units go to the partner and back to the customer: never into stock.
            if (units.Disposition == Disposition.Restock && rma.Kind != ReturnKind.Repair)
            {
                units.StockRequestId = $"{rma.Id}:restock:{receipt.ReceiptId}:{units.LineId}";
            }
        }

        rma.Receipts.Add(receipt);
        rma.Status = rma.Lines.All(l => l.Outstanding == 0) ? ReturnStatus.Received : ReturnStatus.PartlyReceived;
        if (rma.Kind != ReturnKind.Repair)
        {
            foreach (var units in receipt.Units.Where(u => u.Disposition != Disposition.Restock))
            {
                var type = units.Disposition switch
                {
                    Disposition.Quarantine => ReturnEventTypes.Quarantined,
                    Disposition.WriteOff => ReturnEventTypes.WrittenOff,
                    _ => ReturnEventTypes.ToSupplier,
                };
                RecordReturnEvent(rma, type, actor, units.Note, $"{units.LineId} x{units.Quantity} graded {units.Grade} at {receipt.LocationId}", now);
            }
        }

        RecordReturnEvent(rma, ReturnEventTypes.Received, actor, "",
            $"receipt {receipt.ReceiptId} at {receipt.LocationId}: " + string.Join(", ", receipt.Units.Select(u => $"{u.LineId} x{u.Quantity} {u.Grade}")) +
            $"; {rma.Status}", now);
    }

    /// <summary>Delivered units first: a unit still marked Shipped may yet be reported delivered by the carrier.</summary>
    private void MoveToReturned(OrderLine line, int quantity)
    {
        var fromDelivered = Math.Min(quantity, line.In(LineState.Delivered));
        Move(line, LineState.Delivered, LineState.Returned, fromDelivered);
        Move(line, LineState.Shipped, LineState.Returned, quantity - fromDelivered);
    }

    /// <summary>The inventory confirmed a restock; a repeat (the reconciler after a crash) changes nothing. Returns whether it changed.</summary>
    public bool ConfirmRestock(ReturnAuthorisation rma, string stockRequestId, string locationId, string actor, DateTimeOffset now)
    {
        var units = rma.Receipts.SelectMany(r => r.Units).FirstOrDefault(u => u.StockRequestId == stockRequestId);
        if (units is null || units.Restocked)
        {
            return false;
        }

        units.Restocked = true;
        RecordReturnEvent(rma, ReturnEventTypes.Restocked, actor, "", $"{units.LineId} x{units.Quantity} back in stock at {locationId}", now);
        return true;
    }

    /// <summary>Restocks decided and not yet confirmed by the inventory, with the location they go to.</summary>
    public static IReadOnlyList<(InspectedUnits Units, string LocationId)> UnconfirmedRestocks(ReturnAuthorisation rma) =>
        rma.Kind == ReturnKind.Repair
            ? []
            : rma.Receipts.SelectMany(r => r.Units.Where(u => u.Disposition == Disposition.Restock && !u.Restocked).Select(u => (u, r.LocationId))).ToList();

    /// <summary>Cancels a return before anything was received, refunded or sent ahead: its units are returnable again.</summary>
    public void CancelReturn(ReturnAuthorisation rma, string reason, string actor, DateTimeOffset now)
    {
        RequireOpen(rma, "cancelled");
        if (rma.Receipts.Count > 0)
        {
            throw new OrderStateException("RETURN_ALREADY_RECEIVED", $"return/{rma.Number}",
                $"Return {rma.Number} is {rma.Status}: units were received, so it can no longer be cancelled.");
        }

        if (rma.Refunds.Count > 0 || rma.Lines.Any(l => l.Refunded > 0) || rma.LinkedOrder is not null || rma.Charge is not null)
        {
            throw new OrderStateException("RETURN_STATE", $"return/{rma.Number}",
                $"Return {rma.Number} is {rma.Status} and money or goods went out for it already (a refund, a linked order or a charge); it can no longer be cancelled.");
        }

        rma.Status = ReturnStatus.Cancelled;
        rma.CancelReason = reason;
        RecordReturnEvent(rma, ReturnEventTypes.Cancelled, actor, reason, "cancelled; its units may be returned again", now);
    }

    /// <summary>Nothing was handed over before the authorisation ran out: its units may be returned under a new return.</summary>
    public void ExpireReturn(ReturnAuthorisation rma, DateTimeOffset now)
    {
        RequireStatus(rma, "expired", ReturnStatus.Authorised);
        rma.Status = ReturnStatus.Expired;
        RecordReturnEvent(rma, ReturnEventTypes.Expired, SystemActor, "nothing was handed over before the authorisation ran out",
            $"expired at {rma.ExpiresAt:O}; its units may be returned again", now);
    }

    // ---- Repairs ------------------------------------------------------------------------------------------------------

    /// <summary>The received units go to the repair partner. A repeat with the same partner and reference changes nothing.</summary>
    public bool SendReturnToRepair(ReturnAuthorisation rma, string partnerName, string partnerReference, string actor, DateTimeOffset now)
    {
        RequireRepair(rma);
        if (rma.Status == ReturnStatus.AtRepairPartner && rma.Repair is { } sent && sent.PartnerName == partnerName && sent.PartnerReference == partnerReference)
        {
            return false;
        }

        RequireStatus(rma, "sent to a repair partner", ReturnStatus.Received);
        rma.Status = ReturnStatus.AtRepairPartner;
        rma.Repair = new RepairRecord { PartnerName = partnerName, PartnerReference = partnerReference, SentAt = now };
        RecordReturnEvent(rma, ReturnEventTypes.SentToRepair, actor, "", $"sent to {partnerName} ({partnerReference})", now);
        return true;
    }

    /// <summary>
    /// The partner's outcome. Not repairable with resolution Refund: the units stay with the retailer (moved to
    /// Returned) and the caller decides the refund; Replace: the caller decides the linked order.
    /// </summary>
    public void RecordRepairOutcome(ReturnAuthorisation rma, RepairOutcome outcome, RepairResolution? resolution, string note, string actor, DateTimeOffset now)
    {
        RequireRepair(rma);
        RequireStatus(rma, "given a repair outcome", ReturnStatus.AtRepairPartner);
        var repair = rma.Repair!;
        repair.Outcome = outcome;
        repair.Resolution = outcome == RepairOutcome.Repaired ? RepairResolution.ShipBack : resolution;
        repair.OutcomeNote = note;
        repair.OutcomeAt = now;
        rma.Status = outcome == RepairOutcome.Repaired ? ReturnStatus.Repaired : ReturnStatus.NotRepairable;
        if (repair.Resolution == RepairResolution.Refund)
        {
            foreach (var line in rma.Lines)
            {
                MoveToReturned(Line(line.LineId), line.Received);
            }
        }

        RecordReturnEvent(rma, ReturnEventTypes.RepairOutcome, actor, note, $"{outcome}, resolution {repair.Resolution}", now);
    }

    /// <summary>The units go back to the customer (repaired, or not repairable and sent back as they are); the return closes.</summary>
    public void ShipRepairBack(ReturnAuthorisation rma, string carrier, string trackingNumber, string actor, DateTimeOffset now)
    {
        RequireRepair(rma);
        RequireStatus(rma, "shipped back", ReturnStatus.Repaired, ReturnStatus.NotRepairable);
        if (rma.Repair!.Resolution != RepairResolution.ShipBack)
        {
            throw new OrderStateException("RETURN_STATE", $"return/{rma.Number}",
                $"Return {rma.Number} is {rma.Status} with resolution {rma.Repair.Resolution}: its units are not shipped back.");
        }

        rma.Status = ReturnStatus.ShippedBack;
        rma.Repair.Carrier = carrier;
        rma.Repair.TrackingNumber = trackingNumber;
        rma.Repair.ShippedBackAt = now;
        RecordReturnEvent(rma, ReturnEventTypes.ShippedBack, actor, "", $"shipped back by {carrier} ({trackingNumber})", now);
        CloseReturnIfDone(rma, now);
    }

    // ---- Closing ------------------------------------------------------------------------------------------------------

    /// <summary>
    /// Closes the return when nothing is left: every unit received (or the repair shipped back or resolved), refunds
    /// decided for what was received and issued, the linked order created, restocks confirmed, a charge issued.
    /// Returns whether it closed.
    /// </summary>
    public bool CloseReturnIfDone(ReturnAuthorisation rma, DateTimeOffset now)
    {
        if (!rma.IsOpen || ReturnWorkLeft(rma))
        {
            return false;
        }

        var done = rma.Kind switch
        {
            ReturnKind.Repair => rma.Status == ReturnStatus.ShippedBack ||
                                 (rma.Status == ReturnStatus.NotRepairable && rma.Repair?.Resolution == RepairResolution.Refund && rma.Lines.All(l => l.Refunded >= l.Quantity)) ||
                                 (rma.Status == ReturnStatus.NotRepairable && rma.Repair?.Resolution == RepairResolution.Replace && rma.LinkedOrder is not null),
            ReturnKind.Refund => rma.Status == ReturnStatus.Received && rma.Lines.All(l => l.Refunded >= l.Received),
            _ => rma.Status == ReturnStatus.Received && rma.LinkedOrder is not null,
        };
        if (!done)
        {
            return false;
        }

        rma.Status = ReturnStatus.Closed;
        RecordReturnEvent(rma, ReturnEventTypes.Closed, SystemActor, "", "nothing is left to do", now);
        return true;
    }

    // ---- Index --------------------------------------------------------------------------------------------------------

    /// <summary>The order's returns as the store indexes them.</summary>
    public IReadOnlyList<ReturnProjection> ProjectReturns() =>
        Document.Returns.Select(r => new ReturnProjection(
            r.Id, r.Number, Document.OrderId, Document.Channel, Document.Customer.Id, r.Kind, r.Status, r.DestinationLocationId,
            r.CreatedAt, DueAt(r), Unfinished: ReturnWorkLeft(r))).ToList();

    /// <summary>Whether any return of the order has work left between steps (part of the order's Unfinished flag).</summary>
    public bool ReturnsWorkLeft => Document.Returns.Any(ReturnWorkLeft);

    /// <summary>
    /// The next deadline of an open return (see <see cref="ReturnProjection.DueAt"/>): the authorisation running out
    /// while nothing was handed over, and goods sent or refunded ahead due back while no charge is decided — the
    /// earlier of the two, so a return whose charge was decided is not due again until it runs out.
    /// </summary>
    private static DateTimeOffset? DueAt(ReturnAuthorisation rma)
    {
        if (!rma.IsOpen)
        {
            return null;
        }

        DateTimeOffset? due = rma.Status == ReturnStatus.Authorised ? rma.ExpiresAt : null;
        if (rma.ReturnDueBy is { } dueBy && rma.Charge is null && rma.Lines.Any(l => l.Outstanding > 0) && (due is null || dueBy < due))
        {
            due = dueBy;
        }

        return due;
    }

    /// <summary>Work a crash may have left between the order's save and another store (stock, billing, a linked order).</summary>
    public static bool ReturnWorkLeft(ReturnAuthorisation rma) =>
        (rma.Kind != ReturnKind.Repair && rma.Receipts.SelectMany(r => r.Units).Any(u => u.Disposition == Disposition.Restock && !u.Restocked)) ||
        rma.Refunds.Any(r => r.Status == RefundStatus.Pending) ||
        rma.LinkedOrder is { OrderId.Length: 0 } ||
        rma.Charge is { IssuedAt: null } ||
        RefundDue(rma) ||
        ChargeCreditDue(rma);

    /// <summary>Units charged as not returned in time that arrived after all and whose charge is not credited yet.</summary>
    public static bool ChargeCreditDue(ReturnAuthorisation rma) => rma.IsOpen && ChargedUnitsBackAfterAll(rma).Count > 0;

    /// <summary>
    /// Per line, units of an issued charge received after it was decided, less those its credit notes credited already:
    /// the customer paid for goods the retailer has back.
    /// </summary>
    public static IReadOnlyList<RefundedUnits> ChargedUnitsBackAfterAll(ReturnAuthorisation rma)
    {
        if (rma.Charge is not { IssuedAt: not null } charge)
        {
            return [];
        }

        var backAfterCharge = rma.Receipts.Skip(charge.ReceiptsWhenDecided).SelectMany(r => r.Units).ToList();
        var credited = rma.Refunds.Where(r => r.InvoiceId == charge.InvoiceId).SelectMany(r => r.Lines).ToList();
        return charge.Lines
            .Select(c => new RefundedUnits
            {
                LineId = c.LineId,
                Quantity = Math.Min(c.Quantity, backAfterCharge.Where(u => u.LineId == c.LineId).Sum(u => u.Quantity)) -
                           credited.Where(l => l.LineId == c.LineId).Sum(l => l.Quantity),
            })
            .Where(u => u.Quantity > 0)
            .ToList();
    }

    /// <summary>
    /// Received units of an open refund return that receipt refunds and that are not refunded yet: billing did not
    /// answer, or their invoice is not issued yet (invoiced per order, when all of it shipped).
    /// </summary>
    public static bool RefundDue(ReturnAuthorisation rma) =>
        rma.IsOpen && rma.Kind == ReturnKind.Refund && (rma.RefundsOnReceipt || rma.InstantRefund) && rma.Lines.Any(l => l.Received > l.Refunded);

    // ---- Checks -------------------------------------------------------------------------------------------------------

    private ReturnLine ReturnLineOf(ReturnAuthorisation rma, string lineId) =>
        rma.Lines.FirstOrDefault(l => l.LineId == lineId)
        ?? throw new ArgumentException($"Return {rma.Number} has no line '{lineId}'; its lines: {string.Join(", ", rma.Lines.Select(l => l.LineId))}.", "units.line_id");

    private static void RequireOpen(ReturnAuthorisation rma, string verb)
    {
        if (!rma.IsOpen)
        {
            throw new OrderStateException("RETURN_NOT_OPEN", $"return/{rma.Number}", $"Return {rma.Number} is {rma.Status}; it cannot be {verb}.");
        }
    }

    private static void RequireRepair(ReturnAuthorisation rma)
    {
        if (rma.Kind != ReturnKind.Repair)
        {
            throw new OrderStateException("RETURN_STATE", $"return/{rma.Number}", $"Return {rma.Number} is a {rma.Kind} return, not a repair.");
        }
    }

    private static void RequireStatus(ReturnAuthorisation rma, string verb, params ReturnStatus[] allowed)
    {
        if (!allowed.Contains(rma.Status))
        {
            throw new OrderStateException(rma.IsOpen ? "RETURN_STATE" : "RETURN_NOT_OPEN", $"return/{rma.Number}",
                $"Return {rma.Number} is {rma.Status}; it can be {verb} only when {string.Join(" or ", allowed)}.");
        }
    }
}

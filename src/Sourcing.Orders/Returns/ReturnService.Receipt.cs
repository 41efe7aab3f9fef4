using Microsoft.Extensions.Logging;

namespace Sourcing.Orders.Returns;

// The goods coming back: drop-off, receipt and inspection, cancelling, and an agent's refund.
public sealed partial class ReturnService
{
    /// <summary>The point a return is handed over at when it is not a store: a parcel shop or carrier scan.</summary>
    public const string CarrierDropOff = "carrier";

    /// <summary>How far a drop-off time may lie before the authorisation (callers' clocks differ a little).</summary>
    public static readonly TimeSpan DropOffClockAllowance = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The customer handed the goods over. A repeat changes nothing. When the policy trusts the customer (instant
    /// refund) the refund of every authorised unit is decided now, and the goods must then arrive within the policy's
    /// days or they are charged.
    /// </summary>
    public Task<ReturnResult> RecordDropOffAsync(DropOffCommand command, ReturnCaller caller, CancellationToken cancellationToken)
    {
        RequireText(command.DropOffPoint, "drop_off_point", 64);
        if (command.DropOffPoint != CarrierDropOff && caller.Locations is not null && !caller.Locations.Contains(command.DropOffPoint))
        {
            throw new OrderPermissionDeniedException($"return/{command.ReturnIdOrNumber}",
                $"The caller acts for {string.Join(", ", caller.Locations)}, not for drop-off point '{command.DropOffPoint}'.");
        }

        return DropOffCheckedAsync(command, caller, cancellationToken);
    }

    private async Task<ReturnResult> DropOffCheckedAsync(DropOffCommand command, ReturnCaller caller, CancellationToken cancellationToken)
    {
        // A store the network does not know (or a supplier) would be recorded as where the customer's goods are.
        if (command.DropOffPoint != CarrierDropOff && await routing.ReceivingProblemAsync(command.DropOffPoint, cancellationToken) is { } problem)
        {
            throw new ArgumentException(problem, "drop_off_point");
        }

        return await StepAsync(command.ReturnIdOrNumber, caller, async (order, rma, now) =>
        {
            // The same allowance for the caller's clock as "not in the future" gets.
            if (command.At < rma.CreatedAt - DropOffClockAllowance)
            {
                throw new ArgumentException(
                    $"The goods cannot have been handed over at {command.At:O}, before return {rma.Number} was authorised at {rma.CreatedAt:O}.", "at");
            }

            if (!order.RecordReturnDropOff(rma, command.DropOffPoint, command.At, caller.Actor, now))
            {
                return false;
            }

            if (rma.InstantRefund && rma.Kind == ReturnKind.Refund)
            {
                await DecideRefundLaterOnFailureAsync(order, rma, RefundTrigger.DropOff, l => l.Quantity - l.Refunded, caller.Actor, now, cancellationToken);
                rma.ReturnDueBy = DueBackBy(rma, now);
            }

            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// Records a receipt at a location the caller acts for: inspected units per line (not more than outstanding), the
    /// original order's units moved to Returned, resellable units restocked there. A refund return refunds the units
    /// received (unless refunds wait for an agent); an exchange or replacement decides its linked order.
    /// </summary>
    public Task<ReturnResult> ReceiveAsync(ReceiveReturnCommand command, ReturnCaller caller, CancellationToken cancellationToken)
    {
        RequireText(command.RequestId, "request_id", ReturnOptions.MaxRequestIdLength);
        RequireText(command.LocationId, "location_id", 64);
        ValidateUnits(command.Units);
        if (caller.Locations is not null && !caller.Locations.Contains(command.LocationId))
        {
            throw new OrderPermissionDeniedException($"return/{command.ReturnIdOrNumber}",
                $"The caller acts for {string.Join(", ", caller.Locations)}, not for location '{command.LocationId}'.");
        }

        return ReceiveCheckedAsync(command, caller, cancellationToken);
    }

    private async Task<ReturnResult> ReceiveCheckedAsync(ReceiveReturnCommand command, ReturnCaller caller, CancellationToken cancellationToken)
    {
        if (await routing.ReceivingProblemAsync(command.LocationId, cancellationToken) is { } problem)
        {
            throw new ArgumentException(problem, "location_id");
        }

        var received = command.Units
            .GroupBy(u => (u.LineId, u.Grade))
            .Select(g => new InspectedUnits { LineId = g.Key.LineId, Grade = g.Key.Grade, Quantity = g.Sum(u => u.Quantity), Note = string.Join("; ", g.Select(u => u.Note).Where(n => !string.IsNullOrEmpty(n))) })
            .ToList();
        return await StepAsync(command.ReturnIdOrNumber, caller, async (order, rma, now) =>
        {
            if (rma.Receipts.FirstOrDefault(r => r.RequestId == command.RequestId) is { } earlier)
            {
                return SameUnits(earlier, command.LocationId, received) ? false : throw new OrderRequestConflictException(command.RequestId);
            }

            for (var i = 0; i < command.Units.Count; i++)
            {
                if (rma.Lines.All(l => l.LineId != command.Units[i].LineId))
                {
                    throw new ArgumentException($"Return {rma.Number} has no line '{command.Units[i].LineId}'; its lines: {string.Join(", ", rma.Lines.Select(l => l.LineId))}.",
                        $"units[{i}].line_id");
                }
            }

            var receipt = new ReturnReceipt { RequestId = command.RequestId, LocationId = command.LocationId, Units = received.Select(Copy).ToList() };
            order.ReceiveReturn(rma, receipt, options.MaxReceiptsPerReturn, caller.Actor, now);
            await DecideAfterReceiptAsync(order, rma, caller.Actor, now, cancellationToken);
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// What received units set off: the refund of a refund return's received units not yet refunded (by default, or
    /// always when the policy trusted the customer), the linked order of an exchange or replacement not sent ahead.
    /// </summary>
    private async Task DecideAfterReceiptAsync(Order order, ReturnAuthorisation rma, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (Order.RefundDue(rma))
        {
            await DecideRefundLaterOnFailureAsync(order, rma, RefundTrigger.Receipt, l => l.Received - l.Refunded, actor, now, cancellationToken);
        }

        if (rma.Kind is ReturnKind.Exchange or ReturnKind.Replacement && rma.LinkedOrder is null)
        {
            settlement.DecideLinkedOrder(order, rma, beforeReturn: false, actor, now);
        }

        if (Order.ChargeCreditDue(rma))
        {
            await DecideChargeCreditLaterOnFailureAsync(order, rma, actor, now, cancellationToken);
        }
    }

    /// <summary>Goods charged as not returned came back after all: their charge is credited (billing not answering: later).</summary>
    private async Task DecideChargeCreditLaterOnFailureAsync(Order order, ReturnAuthorisation rma, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            await settlement.DecideChargeCreditAsync(order, rma, actor, now, cancellationToken);
        }
        catch (Exception exception) when (exception is not (OrderOperationStoppedException or OperationCanceledException))
        {
            logger.LogWarning(exception, "The credit of return {Number}'s charge could not be decided now; the reconciler decides it", rma.Number);
        }
    }

    /// <summary>
    /// A refund the goods handed over or received set off: billing not answering must not lose the drop-off or the
    /// receipt, so it is decided later (the units stay due a refund, the order unfinished, the reconciler decides it).
    /// </summary>
    private async Task DecideRefundLaterOnFailureAsync(
        Order order, ReturnAuthorisation rma, RefundTrigger trigger, Func<ReturnLine, int> units, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            await DecideRefundAsync(order, rma, trigger, units, actor, now, cancellationToken);
        }
        catch (Exception exception) when (exception is not (OrderOperationStoppedException or OperationCanceledException))
        {
            logger.LogWarning(exception, "The refund of return {Number} could not be decided now; the reconciler decides it", rma.Number);
        }
    }

    /// <summary>Cancels a return before anything was received or refunded: its units may be returned again.</summary>
    public Task<ReturnResult> CancelAsync(string returnIdOrNumber, string reason, ReturnCaller caller, CancellationToken cancellationToken)
    {
        RequireText(reason, "reason", ReturnOptions.MaxReasonTextLength);
        return StepAsync(returnIdOrNumber, caller, (order, rma, now) =>
        {
            order.CancelReturn(rma, reason, caller.Actor, now);
            return Task.FromResult(true);
        }, cancellationToken);
    }

    /// <summary>
    /// An agent refunds every authorised unit not refunded yet, received or not (refunds that wait for an agent, or
    /// goodwill): units refunded before they arrive must then arrive within the policy's days or they are charged.
    /// </summary>
    public Task<ReturnResult> RefundNowAsync(string returnIdOrNumber, ReturnCaller caller, CancellationToken cancellationToken)
    {
        RequireMayDecideRefunds(caller, returnIdOrNumber, "refund a return now");
        return StepAsync(returnIdOrNumber, caller, async (order, rma, now) =>
        {
            if (!rma.IsOpen)
            {
                throw NotOpen(rma, "refunded");
            }

            if (rma.Kind != ReturnKind.Refund)
            {
                // An exchange or replacement is settled by its linked order and a repair by its outcome (which may be a
                // refund): refunding one as well would give the customer both the goods and the money.
                throw new OrderStateException("RETURN_STATE", $"return/{rma.Number}",
                    $"Return {rma.Number} is a {rma.Kind.ToString().ToLowerInvariant()}: it is settled by " +
                    (rma.Kind == ReturnKind.Repair ? "its repair outcome (RecordRepairOutcome with resolution refund)" : "its linked order") + ", not refunded.");
            }

            if (rma.Lines.All(l => l.Refunded >= l.Quantity))
            {
                throw new OrderStateException("NOTHING_TO_REFUND", $"return/{rma.Number}", $"Every unit of return {rma.Number} is refunded already.");
            }

            var before = rma.Lines.Sum(l => l.Refunded);
            await DecideRefundAsync(order, rma, RefundTrigger.Agent, l => l.Quantity - l.Refunded, caller.Actor, now, cancellationToken);
            if (rma.Lines.Sum(l => l.Refunded) == before)
            {
                throw new OrderStateException("NOTHING_TO_REFUND", $"return/{rma.Number}",
                    $"Nothing of return {rma.Number} can be refunded now: its units are not invoiced yet.");
            }

            if (rma.Lines.Any(l => l.Refunded > l.Received) && rma.ReturnDueBy is null)
            {
                rma.ReturnDueBy = DueBackBy(rma, now);
            }

            return true;
        }, cancellationToken);
    }

    private static void RequireMayDecideRefunds(ReturnCaller caller, string returnIdOrNumber, string what)
    {
        if (!caller.MayDecideRefunds)
        {
            throw new OrderPermissionDeniedException($"return/{returnIdOrNumber}", $"Only finance or a service agent may {what}.");
        }
    }

    private void ValidateUnits(IReadOnlyList<ReceivedUnits> units)
    {
        if (units is null || units.Count == 0)
        {
            throw new ArgumentException("Name at least one line with the units received.", "units");
        }

        if (units.Count > options.MaxLinesPerReturn * Enum.GetValues<UnitGrade>().Length)
        {
            throw new ArgumentException($"A receipt has at most {options.MaxLinesPerReturn * Enum.GetValues<UnitGrade>().Length} entries; {units.Count} were given.", "units");
        }

        for (var i = 0; i < units.Count; i++)
        {
            RequireText(units[i].LineId, $"units[{i}].line_id", 64);
            if (units[i].Quantity < 1)
            {
                throw new ArgumentException($"The quantity is at least 1; {units[i].Quantity} was given.", $"units[{i}].quantity");
            }

            if (!Enum.IsDefined(units[i].Grade))
            {
                throw new ArgumentException($"grade must be one of {string.Join(", ", Enum.GetNames<UnitGrade>())}.", $"units[{i}].grade");
            }

            RequireText(units[i].Note, $"units[{i}].note", ReturnOptions.MaxNoteLength, required: false);
        }
    }

    private static bool SameUnits(ReturnReceipt earlier, string locationId, IReadOnlyList<InspectedUnits> received) =>
        earlier.LocationId == locationId &&
        earlier.Units.Count == received.Count &&
        received.All(r => earlier.Units.Any(e => e.LineId == r.LineId && e.Grade == r.Grade && e.Quantity == r.Quantity));

    private static InspectedUnits Copy(InspectedUnits units) =>
        new() { LineId = units.LineId, Grade = units.Grade, Quantity = units.Quantity, Note = units.Note };
}

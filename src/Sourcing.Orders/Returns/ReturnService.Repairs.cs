namespace Sourcing.Orders.Returns;

// Repairs: received -> at the repair partner -> repaired / not repairable -> shipped back (or refunded, or replaced).
public sealed partial class ReturnService
{
    /// <summary>The received units of a repair go to the partner. A repeat with the same partner and reference changes nothing.</summary>
    public Task<ReturnResult> SendToRepairPartnerAsync(string returnIdOrNumber, string partnerName, string partnerReference, ReturnCaller caller, CancellationToken cancellationToken)
    {
        RequireText(partnerName, "partner_name", 200);
        RequireText(partnerReference, "partner_reference", 200, required: false);
        return StepAsync(returnIdOrNumber, caller,
            (order, rma, now) => Task.FromResult(order.SendReturnToRepair(rma, partnerName, partnerReference ?? "", caller.Actor, now)),
            cancellationToken);
    }

    /// <summary>
    /// The partner's outcome, recorded by finance or a service agent. Not repairable needs a resolution: ship back as
    /// they are, refund (the retailer keeps the units), or replace (a linked order with the same goods).
    /// </summary>
    public Task<ReturnResult> RecordRepairOutcomeAsync(RepairOutcomeCommand command, ReturnCaller caller, CancellationToken cancellationToken)
    {
        RequireMayDecideRefunds(caller, command.ReturnIdOrNumber, "resolve a repair");
        if (!Enum.IsDefined(command.Outcome))
        {
            throw new ArgumentException($"outcome must be one of {string.Join(", ", Enum.GetNames<RepairOutcome>())}.", "outcome");
        }

        if (command.Outcome == RepairOutcome.NotRepairable && (command.Resolution is null || !Enum.IsDefined(command.Resolution.Value)))
        {
            throw new ArgumentException($"Units that cannot be repaired need a resolution: {string.Join(", ", Enum.GetNames<RepairResolution>())}.", "resolution");
        }

        if (command.Outcome == RepairOutcome.Repaired && command.Resolution is not (null or RepairResolution.ShipBack))
        {
            throw new ArgumentException("Repaired units are shipped back; the resolution is for units that cannot be repaired.", "resolution");
        }

        RequireText(command.Note, "note", ReturnOptions.MaxNoteLength, required: false);
        return StepAsync(command.ReturnIdOrNumber, caller, async (order, rma, now) =>
        {
            order.RecordRepairOutcome(rma, command.Outcome, command.Resolution, command.Note ?? "", caller.Actor, now);
            switch (rma.Repair!.Resolution)
            {
                case RepairResolution.Refund:
                    await DecideRefundAsync(order, rma, RefundTrigger.Agent, l => l.Quantity - l.Refunded, caller.Actor, now, cancellationToken);
                    break;
                case RepairResolution.Replace when rma.LinkedOrder is null:
                    settlement.DecideLinkedOrder(order, rma, beforeReturn: false, caller.Actor, now);
                    break;
            }

            return true;
        }, cancellationToken);
    }

    /// <summary>The units go back to the customer (repaired, or not repairable and sent back as they are); the return closes.</summary>
    public Task<ReturnResult> ShipRepairBackAsync(string returnIdOrNumber, string carrier, string trackingNumber, ReturnCaller caller, CancellationToken cancellationToken)
    {
        RequireText(carrier, "carrier", 64);
        RequireText(trackingNumber, "tracking_number", 128);
        return StepAsync(returnIdOrNumber, caller, (order, rma, now) =>
        {
            if (rma.Status is ReturnStatus.ShippedBack or ReturnStatus.Closed && rma.Repair is { } repair &&
                repair.Carrier == carrier && repair.TrackingNumber == trackingNumber)
            {
                return Task.FromResult(false); // A repeat of the same shipment.
            }

            order.ShipRepairBack(rma, carrier, trackingNumber, caller.Actor, now);
            return Task.FromResult(true);
        }, cancellationToken);
    }
}

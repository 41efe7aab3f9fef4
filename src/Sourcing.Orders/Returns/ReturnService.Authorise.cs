using System.Security.Cryptography;
using System.Text;

namespace Sourcing.Orders.Returns;

// Authorising a return: checks, the policy, the destination, and the save that guards "never more than shipped".
public sealed partial class ReturnService
{
    private const string NumberAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; // Crockford base32: no I, L, O, U.

    /// <summary>
    /// Authorises a return of shipped units. A repeat of the request id with the same request answers with the return
    /// it created; with a different one it is refused. Decided again on a fresh copy when someone saved the order
    /// meanwhile (of two concurrent returns of the last unit, one wins) or when the random number was taken.
    /// </summary>
    public async Task<ReturnResult> AuthoriseAsync(AuthoriseReturnCommand command, ReturnCaller caller, CancellationToken cancellationToken)
    {
        Validate(command, caller);
        var fingerprint = Fingerprint(command);
        for (var attempt = 1; ; attempt++)
        {
            var order = await orders.GetAsync(command.OrderId, cancellationToken);
            if (order is null || !Visible(order, caller))
            {
                throw new OrderNotFoundException(command.OrderId);
            }

            if (order.Document.Returns.FirstOrDefault(r => r.RequestId == command.RequestId) is { } earlier)
            {
                return earlier.Fingerprint == fingerprint
                    ? Order.ReturnWorkLeft(earlier) ? await FinishAsync(order, earlier.Id) : new ReturnResult(order, earlier)
                    : throw new OrderRequestConflictException(command.RequestId);
            }

            var now = clock.GetUtcNow();
            var rma = await DecideAsync(order, command, caller, fingerprint, now, cancellationToken);
            order.AuthoriseReturn(rma, options.MaxReturnsPerOrder, caller.Actor, now);
            if (rma.Kind is ReturnKind.Exchange or ReturnKind.Replacement && rma.ShipBeforeReturn)
            {
                settlement.DecideLinkedOrder(order, rma, beforeReturn: true, caller.Actor, now);
                rma.ReturnDueBy = DueBackBy(rma, now);
            }

            try
            {
                await SaveAsync(order, now, cancellationToken);
            }
            catch (OrderConcurrencyException) when (attempt < MaxConcurrencyAttempts)
            {
                continue;
            }
            catch (OrderStateException taken) when (taken.Code == "RETURN_NUMBER_TAKEN" && attempt < MaxConcurrencyAttempts)
            {
                continue;
            }

            return await FinishAsync(order, rma.Id);
        }
    }

    /// <summary>The new return as the policy and the routing decide it; the order checks the quantities again when it is added.</summary>
    private async Task<ReturnAuthorisation> DecideAsync(
        Order order, AuthoriseReturnCommand command, ReturnCaller caller, string fingerprint, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var requested = new List<ReturnPolicyLine>();
        for (var i = 0; i < command.Lines.Count; i++)
        {
            var asked = command.Lines[i];
            var line = order.Document.Lines.FirstOrDefault(l => l.LineId == asked.LineId)
                ?? throw new ArgumentException($"Order '{order.Id}' has no line '{asked.LineId}'.", $"lines[{i}].line_id");
            var returnable = order.ReturnableUnits(line);
            if (asked.Quantity > returnable)
            {
                throw new OrderStateException("RETURN_EXCEEDS_SHIPPED", $"order/{order.Id}/line/{line.LineId}",
                    $"Line '{line.LineId}' has {returnable} unit(s) that can be returned ({asked.Quantity} asked); the line is {Order.Describe(line)}.");
            }

            requested.Add(new ReturnPolicyLine(line, asked.Quantity, asked.Reason, DaysSinceDelivery(order, line.LineId, now)));
        }

        var decision = await policy.DecideAsync(new ReturnPolicyRequest(order.Document, command.Kind, command.RequestedVia, requested, now), cancellationToken);
        var refused = decision.Lines.Where(l => l.Refused).Select(l => new ReturnRefusal(l.LineId, l.RefusedByRule, l.RefusalReason)).ToList();
        var overridden = refused.Count > 0 && caller.MayOverridePolicy && !string.IsNullOrWhiteSpace(command.PolicyOverrideReason);
        if (refused.Count > 0 && !overridden)
        {
            throw new ReturnRefusedException(order.Id, refused);
        }

        var destination = await routing.ProposeAsync(new ReturnRoutingRequest(
            order.Document, command.Kind,
            requested.GroupBy(r => r.Line.Sku, StringComparer.Ordinal).Select(g => new ReturnedSku(g.Key, g.Sum(r => r.Quantity))).ToList(),
            command.DropOffLocationId), cancellationToken);
        return new ReturnAuthorisation
        {
            Id = "rma_" + Guid.CreateVersion7(now).ToString("N"),
            Number = "RMA-" + new string(RandomNumberGenerator.GetItems<char>(NumberAlphabet, 10)),
            RequestId = command.RequestId,
            Fingerprint = fingerprint,
            Kind = command.Kind,
            RequestedVia = command.RequestedVia,
            ExpiresAt = now + options.AuthorisationValidity,
            DestinationLocationId = destination.LocationId,
            DestinationExplanation = [.. destination.Explanation],
            RefundDestination = command.RefundDestination,
            InstantRefund = decision.InstantRefund,
            ShipBeforeReturn = decision.ShipBeforeReturn,
            ReturnWithinDays = decision.ReturnWithinDays ?? options.DefaultReturnWithinDays,
            RefundsOnReceipt = options.RefundOnReceipt,
            PolicyRulesVersion = decision.RulesVersion,
            PolicyExplanation = [.. decision.Explanation, .. refused.Select(r => $"line {r.LineId} refused by {r.Rule}: {r.Reason}")],
            PolicyOverriddenBy = overridden ? caller.Actor : "",
            PolicyOverrideReason = overridden ? command.PolicyOverrideReason! : "",
            Lines = command.Lines.Select(l => new ReturnLine
            {
                LineId = l.LineId,
                Quantity = l.Quantity,
                Reason = l.Reason,
                ReasonText = l.ReasonText ?? "",
                ExchangeSku = l.ExchangeSku ?? "",
                RestockingFeeBasisPoints = decision.Lines.FirstOrDefault(d => d.LineId == l.LineId)?.RestockingFeeBasisPoints ?? 0,
            }).ToList(),
        };
    }

    /// <summary>
    /// Whole days in the seller's time zone from the day the line's latest units were delivered (or shipped, when no
    /// delivery was reported) to today.
    /// </summary>
    private int DaysSinceDelivery(Order order, string lineId, DateTimeOffset now)
    {
        var latest = order.Document.Shipments
            .Where(s => s.Lines.Any(l => l.LineId == lineId))
            .Select(s => s.Delivered ? s.DeliveryEvents.LastOrDefault(e => e.Kind == "delivered")?.At ?? s.ShippedAt : s.ShippedAt)
            .DefaultIfEmpty(now)
            .Max();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var then = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(latest, zone).DateTime);
        return Math.Max(0, today.DayNumber - then.DayNumber);
    }

    private void Validate(AuthoriseReturnCommand command, ReturnCaller caller)
    {
        RequireText(command.OrderId, "order_id", 64);
        RequireText(command.RequestId, "request_id", ReturnOptions.MaxRequestIdLength);
        if (!Enum.IsDefined(command.Kind))
        {
            throw new ArgumentException($"kind must be one of {string.Join(", ", Enum.GetNames<ReturnKind>())}.", "kind");
        }

        RequireText(command.RequestedVia, "requested_via", 64);
        if (command.Lines is null || command.Lines.Count == 0)
        {
            throw new ArgumentException("Name at least one line to return.", "lines");
        }

        if (command.Lines.Count > options.MaxLinesPerReturn)
        {
            throw new ArgumentException($"A return has at most {options.MaxLinesPerReturn} lines; {command.Lines.Count} were given.", "lines");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < command.Lines.Count; i++)
        {
            var line = command.Lines[i];
            RequireText(line.LineId, $"lines[{i}].line_id", 64);
            if (!seen.Add(line.LineId))
            {
                throw new ArgumentException($"Line '{line.LineId}' is named twice; name each line once with its whole quantity.", $"lines[{i}].line_id");
            }

            if (line.Quantity < 1)
            {
                throw new ArgumentException($"The quantity is at least 1; {line.Quantity} was given.", $"lines[{i}].quantity");
            }

            if (!Enum.IsDefined(line.Reason))
            {
                throw new ArgumentException($"reason must be one of {string.Join(", ", Enum.GetNames<ReturnReason>())}.", $"lines[{i}].reason");
            }

            RequireText(line.ReasonText, $"lines[{i}].reason_text", ReturnOptions.MaxReasonTextLength, required: false);
            RequireText(line.ExchangeSku, $"lines[{i}].exchange_sku", 64, required: false);
            if (!string.IsNullOrEmpty(line.ExchangeSku) && command.Kind != ReturnKind.Exchange)
            {
                throw new ArgumentException($"An exchange SKU is for an Exchange return; this one is {command.Kind}.", $"lines[{i}].exchange_sku");
            }
        }

        RequireText(command.DropOffLocationId, "drop_off_location_id", 64, required: false);
        if (!Enum.IsDefined(command.RefundDestination))
        {
            throw new ArgumentException($"refund_destination must be one of {string.Join(", ", Enum.GetNames<RefundDestination>())}.", "refund_destination");
        }

        RequireText(command.PolicyOverrideReason, "policy_override_reason", ReturnOptions.MaxReasonTextLength, required: false);
        if (!string.IsNullOrWhiteSpace(command.PolicyOverrideReason) && !caller.MayOverridePolicy)
        {
            throw new OrderPermissionDeniedException($"order/{command.OrderId}",
                "Only a service agent may authorise a return against the return policy; leave policy_override_reason empty.");
        }

        if (!string.IsNullOrEmpty(command.DropOffLocationId) && caller.Locations is not null && !caller.Locations.Contains(command.DropOffLocationId))
        {
            throw new OrderPermissionDeniedException($"order/{command.OrderId}",
                $"The caller acts for {string.Join(", ", caller.Locations)}, not for drop-off location '{command.DropOffLocationId}'.");
        }
    }

    /// <summary>The request without its id, hashed: the same return asked twice under one request id is a repeat.</summary>
    private static string Fingerprint(AuthoriseReturnCommand command)
    {
        // Each field with its length first, so no two different requests read as the same text.
        var text = new StringBuilder();
        void Add(object? value)
        {
            var field = value?.ToString() ?? "";
            text.Append(field.Length).Append(':').Append(field);
        }

        Add(command.OrderId);
        Add(command.Kind);
        Add(command.RequestedVia);
        Add(command.DropOffLocationId);
        Add(command.RefundDestination);
        Add(command.PolicyOverrideReason);
        foreach (var line in command.Lines)
        {
            Add(line.LineId);
            Add(line.Quantity);
            Add(line.Reason);
            Add(line.ExchangeSku);
            Add(line.ReasonText);
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}

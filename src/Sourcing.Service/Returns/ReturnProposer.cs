using Sourcing.Orders;
using Sourcing.Orders.Returns;

namespace Sourcing.Service.Returns;

/// <summary>
/// What an authorisation would decide (the policy per line, where the goods go and why) without creating anything: a
/// service agent reads it to the customer before asking. The returnable quantity is checked by the authorisation itself.
/// </summary>
public sealed class ReturnProposer(IReturnPolicy policy, IReturnRouting routing, ReturnOptions options, TimeProvider clock)
{
    public async Task<(ReturnPolicyDecision Policy, ReturnDestination Destination)> ProposeAsync(
        OrderDocument order, AuthoriseReturnCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        var lines = new List<ReturnPolicyLine>();
        var units = new List<ReturnedSku>();
        for (var i = 0; i < command.Lines.Count; i++)
        {
            var requested = command.Lines[i];
            var line = order.Lines.FirstOrDefault(l => l.LineId == requested.LineId)
                ?? throw new ArgumentException($"'{requested.LineId}' is not a line of order {order.OrderId}", $"lines[{i}].line_id");
            lines.Add(new ReturnPolicyLine(line, requested.Quantity, requested.Reason, DaysSinceDelivery(order, line.LineId, now, zone)));
            units.Add(new ReturnedSku(line.Sku, requested.Quantity));
        }

        var decision = await policy.DecideAsync(new ReturnPolicyRequest(order, command.Kind, command.RequestedVia, lines, now), cancellationToken);
        var destination = await routing.ProposeAsync(new ReturnRoutingRequest(order, command.Kind, units, command.DropOffLocationId), cancellationToken);
        return (decision, destination);
    }

    /// <summary>
    /// Whole calendar days in the seller's time zone from the day the line's latest units were delivered (or shipped,
    /// when no delivery was reported) to today; 0 when nothing of the line left yet.
    /// </summary>
    public static int DaysSinceDelivery(OrderDocument order, string lineId, DateTimeOffset now, TimeZoneInfo zone)
    {
        DateTimeOffset? latest = null;
        foreach (var shipment in order.Shipments.Where(s => s.Lines.Any(l => l.LineId == lineId)))
        {
            var at = shipment.DeliveryEvents.Where(e => e.Kind == "delivered").Select(e => (DateTimeOffset?)e.At).Max() ?? shipment.ShippedAt;
            latest = latest is null || at > latest ? at : latest;
        }

        if (latest is not { } day)
        {
            return 0;
        }

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var delivered = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(day, zone).DateTime);
        return Math.Max(0, today.DayNumber - delivered.DayNumber);
    }
}

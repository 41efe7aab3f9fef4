using Sourcing.Orders.Returns;

namespace Sourcing.Orders;

// Returns: the order's side of a return authorisation (what may come back, units moving to Returned, the history).
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

    /// <summary>The order's returns as the store indexes them.</summary>
    public IReadOnlyList<ReturnProjection> ProjectReturns() =>
        Document.Returns.Select(r => new ReturnProjection(
            r.Id, r.Number, Document.OrderId, Document.Channel, Document.Customer.Id, r.Kind, r.Status, r.DestinationLocationId,
            r.CreatedAt, DueAt(r), Unfinished: ReturnWorkLeft(r))).ToList();

    /// <summary>The next deadline of an open return (see <see cref="ReturnProjection.DueAt"/>).</summary>
    private static DateTimeOffset? DueAt(ReturnAuthorisation rma)
    {
        if (!rma.IsOpen)
        {
            return null;
        }

        if (rma.Status == ReturnStatus.Authorised)
        {
            return rma.ReturnDueBy is { } dueBy && dueBy < rma.ExpiresAt ? dueBy : rma.ExpiresAt;
        }

        var aheadOutstanding = rma.ReturnDueBy is not null && rma.Charge is null && rma.Lines.Any(l => l.Outstanding > 0);
        return aheadOutstanding ? rma.ReturnDueBy : null;
    }

    /// <summary>Work a crash may have left between the order's save and another store (stock, billing, a linked order).</summary>
    private static bool ReturnWorkLeft(ReturnAuthorisation rma) =>
        rma.Receipts.SelectMany(r => r.Units).Any(u => u.Disposition == Disposition.Restock && !u.Restocked) ||
        rma.Refunds.Any(r => r.Status == RefundStatus.Pending) ||
        rma.LinkedOrder is { OrderId.Length: 0 } ||
        rma.Charge is { IssuedAt: null };
}

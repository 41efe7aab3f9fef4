using System.Collections.Concurrent;
using Sourcing.Orders.Returns;

namespace Sourcing.Orders.Tests.Returns;

/// <summary>Thrown by a fake port to stop a step where a killed process would stop.</summary>
public sealed class ReturnCrash(string where) : OrderOperationStoppedException($"crashed {where}");

/// <summary>The return policy as a test sets it: every line allowed unless refused here.</summary>
public sealed class FakeReturnPolicy : IReturnPolicy
{
    public HashSet<string> RefusedLines { get; } = new(StringComparer.Ordinal);
    public bool InstantRefund { get; set; }
    public bool ShipBeforeReturn { get; set; }
    public int? ReturnWithinDays { get; set; }
    public int RestockingFeeBasisPoints { get; set; }
    public ConcurrentQueue<ReturnPolicyRequest> Requests { get; } = new();

    /// <summary>Decides instant refunds and goods sent ahead per request when set (else the flags above).</summary>
    public Func<ReturnPolicyRequest, (bool InstantRefund, bool ShipBeforeReturn)>? DecideWith { get; set; }

    public Task<ReturnPolicyDecision> DecideAsync(ReturnPolicyRequest request, CancellationToken cancellationToken)
    {
        Requests.Enqueue(request);
        var lines = request.Lines.Select(l => RefusedLines.Contains(l.Line.LineId)
            ? new ReturnLineDecision(l.Line.LineId, true, "window-30-days", "the return window has closed", 0)
            : new ReturnLineDecision(l.Line.LineId, false, "", "", RestockingFeeBasisPoints)).ToList();
        var (instant, ahead) = DecideWith?.Invoke(request) ?? (InstantRefund, ShipBeforeReturn);
        return Task.FromResult(new ReturnPolicyDecision("rules-test", lines, instant, ahead, ReturnWithinDays, ["test policy"]));
    }
}

/// <summary>Proposes the customer's store when given, else WH-1; SUPPLIER-1 cannot receive.</summary>
public sealed class FakeReturnRouting : IReturnRouting
{
    public Task<ReturnDestination> ProposeAsync(ReturnRoutingRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(request.PreferredLocationId is { Length: > 0 } preferred
            ? new ReturnDestination(preferred, ["the customer's store"])
            : new ReturnDestination("WH-1", ["the nearest warehouse taking returns"]));

    public Task<string?> ReceivingProblemAsync(string locationId, CancellationToken cancellationToken) =>
        Task.FromResult(locationId == "SUPPLIER-1" ? "SUPPLIER-1 is a supplier, not a location that receives returns." : null);
}

/// <summary>
/// Stock adjustments idempotent by request id, like the host's ledger: a repeat is not applied again. Counts every
/// call, and may crash right after applying (the process dies before the order records it) or before.
/// </summary>
public sealed class FakeReturnStock : IReturnStock
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string Sku, string LocationId, int Quantity)> _applied = new(StringComparer.Ordinal);

    public int Calls { get; private set; }

    /// <summary>Crash the next call after applying it.</summary>
    public bool CrashAfterNextApply { get; set; }

    /// <summary>Fail (an unreachable inventory) every call while set.</summary>
    public bool Unavailable { get; set; }

    public Task RestockAsync(string requestId, string sku, string locationId, int quantity, string reason, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Calls++;
            if (Unavailable)
            {
                throw new InvalidOperationException("the inventory does not answer");
            }

            _applied.TryAdd(requestId, (sku, locationId, quantity));
            if (CrashAfterNextApply)
            {
                CrashAfterNextApply = false;
                throw new ReturnCrash("after the restock was applied");
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Units on hand added by returns, per SKU and location.</summary>
    public int Restocked(string sku, string locationId)
    {
        lock (_gate)
        {
            return _applied.Values.Where(a => a.Sku == sku && a.LocationId == locationId).Sum(a => a.Quantity);
        }
    }

    public IReadOnlyDictionary<string, (string Sku, string LocationId, int Quantity)> Applied
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, (string, string, int)>(_applied);
            }
        }
    }
}

/// <summary>
/// Stands in for billing and the linked order (the real settlement has its own tests): one refund per decision,
/// credit notes issued once per credit note request id (a repeat finds the note), a linked order id and a charge
/// invoice once. Counts what it issued so tests can prove nothing is issued twice.
/// </summary>
public sealed class FakeReturnSettlement : IReturnSettlement
{
    private readonly ConcurrentDictionary<string, string> _creditNotes = new(StringComparer.Ordinal);
    private int _notes;

    /// <summary>Credit notes issued, per credit note request id (a second issue of one would count 2).</summary>
    public ConcurrentDictionary<string, int> IssueCalls { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, int> ChargesIssued { get; } = new(StringComparer.Ordinal);

    /// <summary>Crash the next carry-out after billing issued its notes, before the order records them.</summary>
    public bool CrashAfterNextIssue { get; set; }

    public int CreditNotes => _creditNotes.Count;

    /// <summary>Billing does not answer while set: a refund cannot be decided (the invoices cannot be read).</summary>
    public bool BillingUnavailable { get; set; }

    public Task DecideRefundAsync(Order order, ReturnAuthorisation rma, RefundTrigger trigger, IReadOnlyList<RefundedUnits> units, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (BillingUnavailable)
        {
            throw new InvalidOperationException("billing does not answer");
        }

        if (rma.Kind != ReturnKind.Refund && trigger != RefundTrigger.Agent)
        {
            return Task.CompletedTask;
        }

        var refund = new ReturnRefund
        {
            RefundId = $"rf{rma.Refunds.Count + 1}-{rma.Id}",
            Trigger = trigger,
            Destination = rma.RefundDestination,
            Status = RefundStatus.Pending,
            InvoiceId = "INV-" + order.Id,
            Lines = units.Select(u => new RefundedUnits { LineId = u.LineId, Quantity = u.Quantity }).ToList(),
            GoodsMinor = units.Sum(u => u.Quantity * 1000L),
            DecidedAt = now,
            DecidedBy = actor,
        };
        refund.AmountMinor = refund.GoodsMinor;
        rma.Refunds.Add(refund);
        foreach (var unit in units)
        {
            rma.Lines.First(l => l.LineId == unit.LineId).Refunded += unit.Quantity;
        }

        order.RecordReturnEvent(rma, ReturnEventTypes.RefundDecided, actor, trigger.ToString(), $"{refund.RefundId}: {refund.AmountMinor}", now);
        return Task.CompletedTask;
    }

    public void DecideLinkedOrder(Order order, ReturnAuthorisation rma, bool beforeReturn, string actor, DateTimeOffset now) =>
        rma.LinkedOrder ??= new LinkedOrder { RequestId = "return-order:" + rma.Id, ShippedBeforeReturn = beforeReturn, DecidedAt = now };

    public void DecideCharge(Order order, ReturnAuthorisation rma, string actor, DateTimeOffset now)
    {
        if (rma.Charge is not null)
        {
            return;
        }

        rma.Charge = new ReturnCharge
        {
            DecidedAt = now,
            ReceiptsWhenDecided = rma.Receipts.Count,
            Lines = rma.Lines.Where(l => l.Outstanding > 0).Select(l => new RefundedUnits { LineId = l.LineId, Quantity = l.Outstanding }).ToList(),
        };
        rma.Charge.AmountMinor = rma.Charge.Lines.Sum(l => l.Quantity * 1000L);
        order.RecordReturnEvent(rma, ReturnEventTypes.Charged, actor, "not returned in time", $"{rma.Charge.AmountMinor}", now);
    }

    public Task DecideChargeCreditAsync(Order order, ReturnAuthorisation rma, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var units = Order.ChargedUnitsBackAfterAll(rma);
        if (units.Count == 0)
        {
            return Task.CompletedTask;
        }

        var refund = new ReturnRefund
        {
            RefundId = $"rf{rma.Refunds.Count + 1}-{rma.Id}",
            Trigger = RefundTrigger.Receipt,
            Status = RefundStatus.Pending,
            InvoiceId = rma.Charge!.InvoiceId,
            Lines = units.ToList(),
            GoodsMinor = units.Sum(u => u.Quantity * 1000L),
            DecidedAt = now,
            DecidedBy = actor,
        };
        refund.AmountMinor = refund.GoodsMinor;
        rma.Refunds.Add(refund);
        order.RecordReturnEvent(rma, ReturnEventTypes.RefundDecided, actor, "charge credited", $"{refund.RefundId}: {refund.AmountMinor}", now);
        return Task.CompletedTask;
    }

    public Task<bool> CarryOutAsync(Order order, ReturnAuthorisation rma, CancellationToken cancellationToken)
    {
        var changed = false;
        foreach (var refund in rma.Refunds.Where(r => r.Status == RefundStatus.Pending))
        {
            string note;
            lock (_creditNotes)
            {
                if (!_creditNotes.TryGetValue(refund.CreditNoteRequestId, out note!))
                {
                    note = $"CN-{++_notes}";
                    _creditNotes[refund.CreditNoteRequestId] = note;
                    IssueCalls.AddOrUpdate(refund.CreditNoteRequestId, 1, (_, n) => n + 1);
                }
            }

            refund.Status = RefundStatus.Issued;
            refund.CreditNoteId = note;
            refund.IssuedAt = DateTimeOffset.UnixEpoch;
            changed = true;
        }

        if (changed && CrashAfterNextIssue)
        {
            CrashAfterNextIssue = false;
            throw new ReturnCrash("after billing issued the credit notes");
        }

        if (rma.LinkedOrder is { OrderId.Length: 0 } linked)
        {
            linked.OrderId = "LINKED-" + rma.Number;
            order.RecordReturnEvent(rma, ReturnEventTypes.LinkedOrderCreated, Order.SystemActor, "", linked.OrderId, DateTimeOffset.UnixEpoch);
            changed = true;
        }

        if (rma.Charge is { IssuedAt: null } charge)
        {
            ChargesIssued.AddOrUpdate(rma.Id, 1, (_, n) => n + 1);
            charge.InvoiceId = "INV-RE-" + rma.Number;
            charge.IssuedAt = DateTimeOffset.UnixEpoch;
            changed = true;
        }

        return Task.FromResult(changed);
    }
}

using Sourcing.Orders.Billing;
using Sourcing.Orders.Billing.Invoicing;

namespace Sourcing.Orders.Returns.Settlement;

/// <summary>The refund of units of one invoice, before it becomes a <see cref="ReturnRefund"/> (or, at 0 or less, nothing).</summary>
public sealed record RefundPlan(BillingDocument Invoice, IReadOnlyList<RefundedUnits> Lines, long GoodsMinor, long RestockingFeeMinor, long FreeItemsMinor)
{
    public long AmountMinor => GoodsMinor - RestockingFeeMinor - FreeItemsMinor;
}

/// <summary>
/// Works out which invoices returned units were invoiced on and what each refund is worth. Pure over the order, the
/// return and the order's billing documents, so the deductions are computed the same way when a refund is decided and
/// when its credit note is issued (a retry after a crash then asks billing for the very same note).
/// </summary>
public static class RefundCalculator
{
    public const string RestockingFeeDescription = "Restocking fee";
    public const string FreeItemsDescription = "Free items kept";

    /// <summary>The order's goods invoices, oldest first (return charge and dunning fee invoices bill nothing refundable).</summary>
    public static IReadOnlyList<BillingDocument> GoodsInvoices(string orderId, IReadOnlyList<BillingDocument> documents) =>
        documents.Where(d => d.Kind == BillingDocumentKind.Invoice && d.Purpose == InvoicePurpose.Goods && d.OrderId == orderId)
            .OrderBy(d => d.IssuedAt).ThenBy(d => d.Sequence).ToList();

    /// <summary>
    /// Splits the units over the invoices they were invoiced on (oldest first), each invoice offering the units of the
    /// line it invoiced minus those already credited by any credit note and those of refunds decided but not yet issued.
    /// Units no invoice offers are left out (not invoiced yet).
    /// </summary>
    public static IReadOnlyList<RefundPlan> Plan(OrderDocument order, ReturnAuthorisation rma, IReadOnlyList<RefundedUnits> units, IReadOnlyList<BillingDocument> documents)
    {
        var invoices = GoodsInvoices(order.OrderId, documents);
        var available = Available(order, invoices, documents);
        var byInvoice = new Dictionary<string, List<RefundedUnits>>(StringComparer.Ordinal);
        foreach (var requested in units)
        {
            var left = requested.Quantity;
            foreach (var invoice in invoices)
            {
                if (left == 0)
                {
                    break;
                }

                var key = (invoice.Id, requested.LineId);
                var take = Math.Min(left, available.GetValueOrDefault(key));
                if (take <= 0)
                {
                    continue;
                }

                available[key] -= take;
                left -= take;
                var lines = byInvoice.TryGetValue(invoice.Id, out var existing) ? existing : byInvoice[invoice.Id] = [];
                lines.Add(new RefundedUnits { LineId = requested.LineId, Quantity = take });
            }
        }

        // Main units refunded so far by every return of the order: free items kept are counted once across refunds.
        var returns = order.Returns.Contains(rma) ? order.Returns : [.. order.Returns, rma];
        var refundedSoFar = returns.SelectMany(r => r.Lines).GroupBy(l => l.LineId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(l => l.Refunded), StringComparer.Ordinal);
        var plans = new List<RefundPlan>();
        foreach (var invoice in invoices.Where(i => byInvoice.ContainsKey(i.Id)))
        {
            var lines = byInvoice[invoice.Id];
            var goods = lines.Sum(l => l.Quantity * InvoiceLine(invoice, l.LineId).UnitGrossMinor);
            var fee = RestockingFees(invoice, rma, lines).Sum(d => d.GrossMinor);
            var free = FreeItemsKept(order, lines, refundedSoFar).Sum(f => f.ValueMinor);
            foreach (var line in lines)
            {
                refundedSoFar[line.LineId] = refundedSoFar.GetValueOrDefault(line.LineId) + line.Quantity;
            }

            plans.Add(new RefundPlan(invoice, lines, goods, fee, free));
        }

        return plans;
    }

    /// <summary>Units per (invoice, line) still to be credited.</summary>
    private static Dictionary<(string InvoiceId, string LineId), int> Available(OrderDocument order, IReadOnlyList<BillingDocument> invoices, IReadOnlyList<BillingDocument> documents)
    {
        var available = new Dictionary<(string, string), int>();
        var issuedKeys = documents.Where(d => d.Kind == BillingDocumentKind.CreditNote).Select(d => d.SourceKey).ToHashSet(StringComparer.Ordinal);
        foreach (var invoice in invoices)
        {
            var credits = documents.Where(d => d.Kind == BillingDocumentKind.CreditNote && d.CorrectsInvoiceId == invoice.Id).SelectMany(d => d.Lines).ToList();
            foreach (var line in invoice.Lines.Where(l => l.LineId.Length > 0))
            {
                var credited = credits.Where(c => SameLine(c, line)).Sum(c => c.Quantity);
                var key = (invoice.Id, line.LineId);
                available[key] = available.GetValueOrDefault(key) + line.Quantity - credited;
            }
        }

        // A refund decided but whose note is not issued yet holds its units (a note issued before a crash is counted above).
        var pending = order.Returns.SelectMany(r => r.Refunds)
            .Where(r => r.Status == RefundStatus.Pending && !issuedKeys.Contains(InvoicingService.RequestSourceKey(r.CreditNoteRequestId)));
        foreach (var refund in pending)
        {
            foreach (var line in refund.Lines)
            {
                var key = (refund.InvoiceId, line.LineId);
                if (available.ContainsKey(key))
                {
                    available[key] -= line.Quantity;
                }
            }
        }

        return available;
    }

    /// <summary>As billing tells a credited line from the invoice line it credits.</summary>
    private static bool SameLine(BillingDocumentLine credited, BillingDocumentLine invoiced) =>
        credited.LineId == invoiced.LineId && credited.Sku == invoiced.Sku && credited.Description == invoiced.Description &&
        credited.UnitGrossMinor == invoiced.UnitGrossMinor && credited.VatRateBasisPoints == invoiced.VatRateBasisPoints;

    public static BillingDocumentLine InvoiceLine(BillingDocument invoice, string lineId) =>
        invoice.Lines.First(l => l.LineId == lineId);

    /// <summary>Per refunded line: round-half-away(goods × fee bp / 10,000), at the line's VAT rate.</summary>
    public static IReadOnlyList<CreditDeduction> RestockingFees(BillingDocument invoice, ReturnAuthorisation rma, IReadOnlyList<RefundedUnits> lines) =>
        lines.Select(l =>
            {
                var invoiced = InvoiceLine(invoice, l.LineId);
                var bp = rma.Lines.FirstOrDefault(r => r.LineId == l.LineId)?.RestockingFeeBasisPoints ?? 0;
                return (Rate: invoiced.VatRateBasisPoints, Fee: VatMath.Share(l.Quantity * invoiced.UnitGrossMinor, bp));
            })
            .Where(f => f.Fee > 0)
            .GroupBy(f => f.Rate)
            .OrderByDescending(g => g.Key)
            .Select(g => new CreditDeduction(RestockingFeeDescription, g.Sum(f => f.Fee), g.Key))
            .ToList();

    /// <summary>
    /// Free units that came with the refunded units and are not coming back. Free units per unit of the main line = free
    /// quantity / main quantity (whole units). Over the whole order, the free units kept are those that came with every
    /// main unit refunded, less the free units returned under any return still standing, within what was shipped of
    /// them; this refund keeps the difference its units make, so two refunds never keep the same free unit twice.
    /// </summary>
    /// <param name="refundedBefore">Main units per line refunded before these (every return of the order).</param>
    public static IReadOnlyList<(string FreeLineId, int Units, int RateBasisPoints, long ValueMinor)> FreeItemsKept(
        OrderDocument order, IReadOnlyList<RefundedUnits> lines, IReadOnlyDictionary<string, int> refundedBefore)
    {
        var kept = new List<(string, int, int, long)>();
        foreach (var refunded in lines)
        {
            var main = order.Lines.FirstOrDefault(l => l.LineId == refunded.LineId);
            if (main is null || main.Quantity == 0)
            {
                continue;
            }

            foreach (var free in order.Lines.Where(l => l.FreeWithLineId == main.LineId && l.FreeItemValueMinor > 0))
            {
                var perUnit = free.Quantity / main.Quantity;
                var returned = order.Returns.Where(r => r.Status is not (ReturnStatus.Cancelled or ReturnStatus.Expired))
                    .SelectMany(r => r.Lines).Where(l => l.LineId == free.LineId).Sum(l => l.Quantity);
                var shipped = free.In(LineState.Shipped) + free.In(LineState.Delivered) + free.In(LineState.Returned);
                var before = refundedBefore.GetValueOrDefault(main.LineId);
                int KeptAfter(int mainRefunded) => Math.Clamp(mainRefunded * perUnit - returned, 0, shipped);
                var units = KeptAfter(before + refunded.Quantity) - KeptAfter(before);
                if (units > 0)
                {
                    kept.Add((free.LineId, units, free.TaxRateBasisPoints, units * free.FreeItemValueMinor));
                }
            }
        }

        return kept;
    }

    /// <summary>
    /// The deductions of a decided refund as credit note lines: its restocking fees (recomputed, per VAT rate) and the
    /// free items' value it recorded, at the VAT rate of the free items of its lines (the highest, should they differ).
    /// </summary>
    public static IReadOnlyList<CreditDeduction> Deductions(OrderDocument order, ReturnAuthorisation rma, ReturnRefund refund, BillingDocument invoice)
    {
        var deductions = RestockingFees(invoice, rma, refund.Lines).ToList();
        if (refund.FreeItemsMinor > 0)
        {
            var freeLines = refund.Lines.SelectMany(r => order.Lines.Where(l => l.FreeWithLineId == r.LineId && l.FreeItemValueMinor > 0)).ToList();
            var rate = freeLines.Select(l => l.TaxRateBasisPoints).DefaultIfEmpty(0).Max();
            deductions.Add(new CreditDeduction(FreeItemsDescription, refund.FreeItemsMinor, rate));
        }

        return deductions;
    }
}

using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Sourcing.Orders.Billing;
using Sourcing.Orders.Billing.Invoicing;

namespace Sourcing.Orders.Returns.Settlement;

/// <summary>
/// Settles returns: refunds as credit notes through billing, exchange and replacement orders through the order
/// lifecycle, and the charge for goods sent or refunded ahead that never came back. Deciding only changes the order
/// in memory; carrying out asks billing and the lifecycle under request ids derived from what was decided, so a
/// repeat after a crash (the note issued, the order not saved) finds what the first attempt did.
/// </summary>
public sealed partial class ReturnSettlement(
    IBillingStore billing,
    InvoicingService invoicing,
    OrderLifecycle lifecycle,
    BillingOptions billingOptions,
    ReturnOptions returnOptions,
    TimeProvider clock,
    ILogger<ReturnSettlement> logger) : IReturnSettlement
{
    /// <summary>Who carries out what was decided (credit notes, the linked order, the charge).</summary>
    public const string Actor = "returns";

    public const int MaxErrorLength = 500;

    // Part of the constructor the host wires; billing dates and numbers the documents itself, so nothing decided here
    // reads them yet.
    private readonly BillingOptions _billingOptions = billingOptions;
    private readonly ReturnOptions _returnOptions = returnOptions;

    public async Task DecideRefundAsync(Order order, ReturnAuthorisation rma, RefundTrigger trigger, IReadOnlyList<RefundedUnits> units, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (rma.Kind != ReturnKind.Refund && trigger != RefundTrigger.Agent)
        {
            return;
        }

        var wanted = Refundable(rma, units);
        if (wanted.Count == 0)
        {
            return;
        }

        var documents = await billing.ListDocumentsAsync(order.Document.Customer.Id, order.Id, int.MaxValue, cancellationToken);
        var plans = RefundCalculator.Plan(order.Document, rma, wanted, documents);
        foreach (var plan in plans)
        {
            foreach (var line in plan.Lines)
            {
                rma.Lines.First(l => l.LineId == line.LineId).Refunded += line.Quantity;
            }

            var what = string.Join(", ", plan.Lines.Select(l => $"{l.Quantity} x line {l.LineId}"));
            var figures = $"goods {plan.GoodsMinor} - restocking fee {plan.RestockingFeeMinor} - free items kept {plan.FreeItemsMinor} = {plan.AmountMinor} {plan.Invoice.Currency}";
            if (plan.AmountMinor <= 0)
            {
                // Nothing to give back: no refund and so no credit note; the units count as settled.
                order.RecordReturnEvent(rma, ReturnEventTypes.RefundDecided, actor, trigger.ToString(),
                    $"nothing credited for {what} of invoice {plan.Invoice.Number}: {figures}", now);
                continue;
            }

            var refund = new ReturnRefund
            {
                RefundId = "rfd_" + Guid.CreateVersion7().ToString("N"),
                Trigger = trigger,
                Destination = rma.RefundDestination,
                Status = RefundStatus.Pending,
                InvoiceId = plan.Invoice.Id,
                InvoiceNumber = plan.Invoice.Number,
                Lines = plan.Lines.ToList(),
                GoodsMinor = plan.GoodsMinor,
                RestockingFeeMinor = plan.RestockingFeeMinor,
                FreeItemsMinor = plan.FreeItemsMinor,
                AmountMinor = plan.AmountMinor,
                Currency = plan.Invoice.Currency,
                DecidedAt = now,
                DecidedBy = actor,
            };
            rma.Refunds.Add(refund);
            order.RecordReturnEvent(rma, ReturnEventTypes.RefundDecided, actor, trigger.ToString(),
                $"refund {refund.RefundId} of {what} of invoice {plan.Invoice.Number} to {refund.Destination}: {figures}", now);
        }

        var notInvoiced = wanted.Sum(w => w.Quantity) - plans.Sum(p => p.Lines.Sum(l => l.Quantity));
        if (notInvoiced > 0)
        {
            logger.LogInformation("Return {ReturnNumber}: {Units} unit(s) are not invoiced yet; their refund waits for the invoice", rma.Number, notInvoiced);
        }
    }

    /// <summary>The requested units, each line capped at what the return authorised and has not refunded yet.</summary>
    private static List<RefundedUnits> Refundable(ReturnAuthorisation rma, IReadOnlyList<RefundedUnits> units) =>
        units.GroupBy(u => u.LineId, StringComparer.Ordinal)
            .Select(g =>
            {
                var line = rma.Lines.FirstOrDefault(l => l.LineId == g.Key);
                var quantity = line is null ? 0 : Math.Min(g.Sum(u => u.Quantity), line.Quantity - line.Refunded);
                return new RefundedUnits { LineId = g.Key, Quantity = quantity };
            })
            .Where(u => u.Quantity > 0)
            .ToList();

    public void DecideLinkedOrder(Order order, ReturnAuthorisation rma, bool beforeReturn, string actor, DateTimeOffset now)
    {
        if (rma.LinkedOrder is not null)
        {
            return;
        }

        rma.LinkedOrder = new LinkedOrder { RequestId = LinkedOrderFactory.RequestId(rma), ShippedBeforeReturn = beforeReturn, DecidedAt = now };
        rma.UpdatedAt = now;
    }

    public void DecideCharge(Order order, ReturnAuthorisation rma, string actor, DateTimeOffset now)
    {
        if (rma.Charge is not null)
        {
            return;
        }

        // Units sent ahead: every unit still outstanding. Units refunded ahead: those refunded beyond what arrived (a
        // unit refunded on receipt arrived; one not refunded was never given up front).
        var sentAhead = rma.LinkedOrder is { ShippedBeforeReturn: true };
        var lines = rma.Lines
            .Select(l => new RefundedUnits { LineId = l.LineId, Quantity = sentAhead ? l.Outstanding : Math.Min(l.Outstanding, Math.Max(0, l.Refunded - l.Received)) })
            .Where(l => l.Quantity > 0)
            .ToList();
        if (lines.Count == 0)
        {
            return;
        }

        rma.Charge = new ReturnCharge { Lines = lines, DecidedAt = now, ReceiptsWhenDecided = rma.Receipts.Count };
        rma.UpdatedAt = now;
    }

    public async Task DecideChargeCreditAsync(Order order, ReturnAuthorisation rma, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var units = Order.ChargedUnitsBackAfterAll(rma);
        if (units.Count == 0 || rma.Charge is not { } charge)
        {
            return;
        }

        var invoice = await billing.GetDocumentAsync(charge.InvoiceId, cancellationToken) ?? throw new BillingNotFoundException("invoice", charge.InvoiceId);
        var goods = units.Aggregate(0L, (sum, u) => checked(sum + u.Quantity * RefundCalculator.InvoiceLine(invoice, u.LineId).UnitGrossMinor));
        var refund = new ReturnRefund
        {
            RefundId = "rfd_" + Guid.CreateVersion7().ToString("N"),
            Trigger = RefundTrigger.Receipt,
            Destination = RefundDestination.OriginalPayment,
            Status = RefundStatus.Pending,
            InvoiceId = invoice.Id,
            InvoiceNumber = invoice.Number,
            Lines = units.ToList(),
            GoodsMinor = goods,
            AmountMinor = goods,
            Currency = invoice.Currency,
            DecidedAt = now,
            DecidedBy = actor,
        };
        rma.Refunds.Add(refund);
        order.RecordReturnEvent(rma, ReturnEventTypes.RefundDecided, actor, "the goods came back after they were charged",
            $"refund {refund.RefundId} of {string.Join(", ", units.Select(u => $"{u.Quantity} x line {u.LineId}"))} of charge invoice {invoice.Number}: {goods} {invoice.Currency}", now);
    }

    public async Task<bool> CarryOutAsync(Order order, ReturnAuthorisation rma, CancellationToken cancellationToken)
    {
        var changed = false;
        foreach (var refund in rma.Refunds.Where(r => r.Status == RefundStatus.Pending).ToList())
        {
            changed |= await IssueRefundAsync(order, rma, refund, cancellationToken);
        }

        if (rma.LinkedOrder is { OrderId.Length: 0 } linked)
        {
            changed |= await CreateLinkedOrderAsync(order, rma, linked, cancellationToken);
        }

        if (rma.Charge is { IssuedAt: null } charge)
        {
            changed |= await ChargeAsync(order, rma, charge, cancellationToken);
        }

        return changed;
    }

    private async Task<bool> IssueRefundAsync(Order order, ReturnAuthorisation rma, ReturnRefund refund, CancellationToken cancellationToken)
    {
        try
        {
            var invoice = await billing.GetDocumentAsync(refund.InvoiceId, cancellationToken) ?? throw new BillingNotFoundException("invoice", refund.InvoiceId);
            var command = new CreditNoteCommand(
                refund.CreditNoteRequestId,
                refund.InvoiceId,
                CreditReason.Return,
                ReasonText(rma, refund),
                refund.Lines.Select(l => new CreditLine(RefundCalculator.InvoiceLine(invoice, l.LineId).Position, l.Quantity)).ToList(),
                null,
                refund.InvoiceId == rma.Charge?.InvoiceId
                    ? [] // The charge credited in full: it charged the full price, no fee was part of it.
                    : RefundCalculator.Deductions(order.Document, rma, refund, invoice),
                refund.Destination == RefundDestination.StoreCredit ? CreditRefundTo.StoreCredit : CreditRefundTo.OriginalPayment);
            var note = await invoicing.IssueCreditNoteAsync(command, refund.DecidedBy.Length > 0 ? refund.DecidedBy : Actor, cancellationToken);
            var now = clock.GetUtcNow();
            refund.CreditNoteId = note.Id;
            refund.CreditNoteNumber = note.Number;
            refund.Status = RefundStatus.Issued;
            refund.IssuedAt = now;
            refund.LastError = "";
            if (note.GrossTotalMinor != refund.AmountMinor)
            {
                logger.LogWarning("Credit note {Number} of refund {RefundId} credits {Credited}, the refund decided {Amount}", note.Number, refund.RefundId, note.GrossTotalMinor, refund.AmountMinor);
            }

            order.RecordReturnEvent(rma, ReturnEventTypes.Refunded, Actor, refund.Destination.ToString(),
                $"credit note {note.Number} of invoice {refund.InvoiceNumber}: {note.GrossTotalMinor} {note.Currency} refunded to {refund.Destination}", now);
            return true;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && exception is not OutOfMemoryException)
        {
            // Billing refused or could not be reached: the refund stays pending, the reconciler retries under the same request id.
            logger.LogWarning(exception, "Refund {RefundId} of return {ReturnNumber} is still pending", refund.RefundId, rma.Number);
            return Failed(refund.LastError, exception, error => refund.LastError = error);
        }
    }

    private async Task<bool> CreateLinkedOrderAsync(Order order, ReturnAuthorisation rma, LinkedOrder linked, CancellationToken cancellationToken)
    {
        try
        {
            var created = await lifecycle.CreateAsync(LinkedOrderFactory.Command(order.Document, rma), Actor, cancellationToken);
            linked.OrderId = created.Id;
            linked.LastError = "";
            order.RecordReturnEvent(rma, ReturnEventTypes.LinkedOrderCreated, Actor, rma.Kind.ToString(),
                $"{rma.Kind.ToString().ToLowerInvariant()} order {created.Id} ({created.Document.ExternalOrderNumber})" + (linked.ShippedBeforeReturn ? ", sent before the return arrives" : ""),
                clock.GetUtcNow());
            return true;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && exception is not OutOfMemoryException)
        {
            logger.LogWarning(exception, "The linked order of return {ReturnNumber} is not created yet", rma.Number);
            return Failed(linked.LastError, exception, error => linked.LastError = error);
        }
    }

    private async Task<bool> ChargeAsync(Order order, ReturnAuthorisation rma, ReturnCharge charge, CancellationToken cancellationToken)
    {
        try
        {
            var documents = await billing.ListDocumentsAsync(order.Document.Customer.Id, order.Id, int.MaxValue, cancellationToken);
            var invoices = RefundCalculator.GoodsInvoices(order.Id, documents);
            var lines = charge.Lines.Select(units => ChargeLine(order.Document, invoices, units)).ToList();
            var invoice = await invoicing.IssueReturnChargeAsync(new ReturnChargeCommand(rma.Id, order.Id, lines), cancellationToken);
            var now = clock.GetUtcNow();
            charge.InvoiceId = invoice.Id;
            charge.InvoiceNumber = invoice.Number;
            charge.AmountMinor = invoice.GrossTotalMinor;
            charge.IssuedAt = now;
            charge.LastError = "";
            order.RecordReturnEvent(rma, ReturnEventTypes.Charged, Actor, "not returned in time",
                $"invoice {invoice.Number}: {invoice.GrossTotalMinor} {invoice.Currency} for {string.Join(", ", charge.Lines.Select(l => $"{l.Quantity} x line {l.LineId}"))}", now);
            return true;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && exception is not OutOfMemoryException)
        {
            logger.LogWarning(exception, "The charge of return {ReturnNumber} is not issued yet", rma.Number);
            return Failed(charge.LastError, exception, error => charge.LastError = error);
        }
    }

    /// <summary>Charged at the gross unit price the line was invoiced at (the order's price if it was never invoiced).</summary>
    private static ReturnChargeLine ChargeLine(OrderDocument order, IReadOnlyList<BillingDocument> invoices, RefundedUnits units)
    {
        var invoiced = invoices.SelectMany(i => i.Lines).FirstOrDefault(l => l.LineId == units.LineId);
        if (invoiced is not null)
        {
            return new ReturnChargeLine(units.LineId, invoiced.Sku, invoiced.Description, units.Quantity, invoiced.UnitGrossMinor, invoiced.VatRateBasisPoints);
        }

        var line = order.Lines.First(l => l.LineId == units.LineId);
        return new ReturnChargeLine(units.LineId, line.Sku, line.Sku, units.Quantity, line.UnitPriceMinor, line.TaxRateBasisPoints);
    }

    /// <summary>Records the failure; true when it differs from the one recorded (the order must be saved).</summary>
    private static bool Failed(string previous, Exception exception, Action<string> record)
    {
        var error = $"{exception.GetType().Name}: {exception.Message}";
        error = error.Length > MaxErrorLength ? error[..MaxErrorLength] : error;
        if (error == previous)
        {
            return false;
        }

        record(error);
        return true;
    }

    /// <summary>"Return RMA-…: does not fit" — the reasons of the refunded lines, in words.</summary>
    private static string ReasonText(ReturnAuthorisation rma, ReturnRefund refund)
    {
        var reasons = refund.Lines
            .Select(l => rma.Lines.FirstOrDefault(r => r.LineId == l.LineId)?.Reason)
            .OfType<ReturnReason>()
            .Distinct()
            .Select(r => Words().Replace(r.ToString(), " $1").ToLowerInvariant());
        return $"Return {rma.Number}: {string.Join(", ", reasons)}";
    }

    [GeneratedRegex("(?<=[a-z])([A-Z])")]
    private static partial Regex Words();
}

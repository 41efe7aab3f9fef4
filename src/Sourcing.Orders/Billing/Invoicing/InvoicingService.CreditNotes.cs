using Sourcing.Orders.Billing.Capture;

namespace Sourcing.Orders.Billing.Invoicing;

public sealed partial class InvoicingService
{
    /// <summary>How often a credit note is decided again when another credit of the same invoice was saved meanwhile.</summary>
    private const int MaxCreditAttempts = 5;

    public const int MaxDeductions = 20, MaxDeductionDescriptionLength = 200;

    public static string RequestSourceKey(string requestId) => "request:" + requestId;

    /// <summary>
    /// Issues a credit note (series GS) against an invoice. Never credits more units of a line than it invoiced, nor
    /// more gross than the invoice minus earlier credit notes (FAILED_PRECONDITION CREDIT_EXCEEDS_INVOICE). The credit
    /// lowers the invoice's open amount; for a card/wallet/SEPA invoice, money the customer paid beyond what they
    /// now owe is asked back from the provider (<c>payment.refund_requested</c>).
    /// </summary>
    public async Task<BillingDocument> IssueCreditNoteAsync(CreditNoteCommand command, string actor, CancellationToken cancellationToken)
    {
        Validate(command);
        var sourceKey = RequestSourceKey(command.RequestId);
        for (var attempt = 1; ; attempt++)
        {
            if (await billing.FindDocumentAsync(BillingDocumentKind.CreditNote, sourceKey, cancellationToken) is { } earlier)
            {
                return await RepeatAsync(command, earlier, cancellationToken);
            }

            var invoice = await billing.GetDocumentAsync(command.InvoiceId, cancellationToken);
            if (invoice is null)
            {
                throw new BillingNotFoundException("invoice", command.InvoiceId);
            }

            if (invoice.Kind != BillingDocumentKind.Invoice)
            {
                throw new BillingStateException("NOT_AN_INVOICE", $"{invoice.Number} is a credit note; only invoices are credited.");
            }

            var earlierCredits = await EarlierCreditNotesAsync(invoice, cancellationToken);
            var now = clock.GetUtcNow();
            var note = Build(command, invoice, sourceKey, now);
            CheckLineBounds(command, invoice, earlierCredits);
            var creditedSeen = earlierCredits.Sum(c => c.GrossTotalMinor);
            var allocations = command.RefundTo == CreditRefundTo.StoreCredit
                ? await billing.ListAllocationsAsync(invoice.CustomerId, invoice.Id, cancellationToken)
                : [];
            try
            {
                await billing.ChangeAccountsAsync([invoice.CustomerId], new AccountLoad([invoice.Id], allocations.Select(a => a.PaymentId).Distinct().ToList()),
                    account => PostCreditNote(account, invoice, note, creditedSeen, command.RefundTo ?? CreditRefundTo.OriginalPayment, allocations, actor, now), cancellationToken);
            }
            catch (CreditsChangedMeanwhileException)
            {
                if (attempt == MaxCreditAttempts)
                {
                    throw new BillingStateException("INVOICE_BEING_CREDITED", $"Invoice {invoice.Number} kept being credited by other requests meanwhile; nothing was issued. Retry.");
                }

                continue;
            }
            catch (BillingDuplicateException) when (attempt < MaxCreditAttempts)
            {
                // The same request issued by a concurrent copy: answered as a repeat on the next pass.
                continue;
            }

            return await billing.GetDocumentAsync(note.Id, cancellationToken) ?? note;
        }
    }

    private static void Validate(CreditNoteCommand command)
    {
        if (string.IsNullOrWhiteSpace(command.RequestId))
        {
            throw new ArgumentException("A credit note needs a request id.", "request_id");
        }

        if (string.IsNullOrWhiteSpace(command.InvoiceId))
        {
            throw new ArgumentException("A credit note needs the invoice it credits.", "invoice_id");
        }

        if (!Enum.IsDefined(command.Reason))
        {
            throw new ArgumentException($"Unknown credit reason {command.Reason}.", "reason");
        }

        var hasLines = command.Lines is { Count: > 0 };
        if (hasLines == command.AmountMinor.HasValue)
        {
            throw new ArgumentException("A credit note gives either lines or an amount, not both and not neither.", hasLines ? "amount_minor" : "lines");
        }

        if (command.AmountMinor is <= 0)
        {
            throw new ArgumentException("The amount to credit must be positive.", "amount_minor");
        }

        if (command.Lines is { } lines)
        {
            if (lines.Any(l => l.Quantity <= 0))
            {
                throw new ArgumentException("A credited line's quantity must be positive.", "lines.quantity");
            }

            if (lines.GroupBy(l => l.Position).Any(g => g.Count() > 1))
            {
                throw new ArgumentException("A line is named twice.", "lines.position");
            }
        }

        if (command.RefundTo is { } refundTo && !Enum.IsDefined(refundTo))
        {
            throw new ArgumentException($"Unknown refund destination {refundTo}.", "refund_to");
        }

        ValidateDeductions(command.Deductions ?? []);
    }

    private static void ValidateDeductions(IReadOnlyList<CreditDeduction> deductions)
    {
        if (deductions.Count > MaxDeductions)
        {
            throw new ArgumentException($"A credit note keeps back at most {MaxDeductions} deductions.", "deductions");
        }

        foreach (var deduction in deductions)
        {
            if (string.IsNullOrWhiteSpace(deduction.Description) || deduction.Description.Length > MaxDeductionDescriptionLength)
            {
                throw new ArgumentException($"A deduction needs a description of at most {MaxDeductionDescriptionLength} characters.", "deductions.description");
            }

            if (deduction.GrossMinor is <= 0 or > PaymentResultService.MaxAmountMinor)
            {
                throw new ArgumentException($"A deduction's gross must be between 1 and {PaymentResultService.MaxAmountMinor}.", "deductions.gross_minor");
            }

            if (deduction.VatRateBasisPoints is < 0 or > VatMath.MaxRateBasisPoints)
            {
                throw new ArgumentException($"A deduction's VAT rate must be between 0 and {VatMath.MaxRateBasisPoints} basis points.", "deductions.vat_rate_basis_points");
            }
        }
    }

    /// <summary>The note the command asks for; with deductions, it must still credit something.</summary>
    private BillingDocument Build(CreditNoteCommand command, BillingDocument invoice, string sourceKey, DateTimeOffset now)
    {
        var note = BuildNote(command, invoice, sourceKey, now);
        if (note.GrossTotalMinor <= 0)
        {
            throw new ArgumentException($"The deductions ({command.Deductions!.Sum(d => d.GrossMinor)}) leave nothing to credit: the note would total {note.GrossTotalMinor}.", "deductions");
        }

        return note;
    }

    private BillingDocument BuildNote(CreditNoteCommand command, BillingDocument invoice, string sourceKey, DateTimeOffset now)
    {
        var reason = new CreditNoteReason(sourceKey, command.Reason, command.ReasonText);
        if (command.AmountMinor is { } amount)
        {
            if (amount > invoice.GrossTotalMinor)
            {
                throw Exceeds($"{amount} is more than invoice {invoice.Number}'s gross {invoice.GrossTotalMinor}.");
            }

            return CreditNoteBuilder.ForAmount(invoice, amount, reason, options, now, command.Deductions);
        }

        foreach (var line in command.Lines!)
        {
            var invoiced = invoice.Lines.FirstOrDefault(l => l.Position == line.Position)
                ?? throw new ArgumentException($"Invoice {invoice.Number} has no line {line.Position}.", "lines.position");
            if (line.Quantity > invoiced.Quantity)
            {
                throw Exceeds($"Line {line.Position} of invoice {invoice.Number} has {invoiced.Quantity} unit(s); {line.Quantity} cannot be credited.");
            }
        }

        return CreditNoteBuilder.ForLines(invoice, command.Lines!, reason, options, now, command.Deductions);
    }

    /// <summary>Units of each line credited by earlier notes plus this one stay within what the line invoiced.</summary>
    private static void CheckLineBounds(CreditNoteCommand command, BillingDocument invoice, IReadOnlyList<BillingDocument> earlierCredits)
    {
        foreach (var line in command.Lines ?? [])
        {
            var invoiced = invoice.Lines.First(l => l.Position == line.Position);
            var creditedBefore = earlierCredits.SelectMany(c => c.Lines).Where(l => SameLine(l, invoiced)).Sum(l => l.Quantity);
            if (creditedBefore + line.Quantity > invoiced.Quantity)
            {
                throw Exceeds($"Line {line.Position} of invoice {invoice.Number} invoiced {invoiced.Quantity} unit(s) and {creditedBefore} are credited already; {line.Quantity} more cannot be.");
            }
        }
    }

    /// <summary>A credit note's line credits this invoice line (amount credits are per VAT rate and name no line).</summary>
    private static bool SameLine(BillingDocumentLine credited, BillingDocumentLine invoiced) =>
        credited.LineId == invoiced.LineId && credited.Sku == invoiced.Sku && credited.Description == invoiced.Description &&
        credited.UnitGrossMinor == invoiced.UnitGrossMinor && credited.VatRateBasisPoints == invoiced.VatRateBasisPoints;

    private async Task<IReadOnlyList<BillingDocument>> EarlierCreditNotesAsync(BillingDocument invoice, CancellationToken cancellationToken)
    {
        var documents = await billing.ListDocumentsAsync(invoice.CustomerId, invoice.OrderId.Length > 0 ? invoice.OrderId : null, int.MaxValue, cancellationToken);
        return documents.Where(d => d.Kind == BillingDocumentKind.CreditNote && d.CorrectsInvoiceId == invoice.Id).ToList();
    }

    private bool PostCreditNote(
        BillingAccount account, BillingDocument invoice, BillingDocument note, long creditedSeen, CreditRefundTo refundTo, IReadOnlyList<Allocation> allocations, string actor, DateTimeOffset now)
    {
        var item = account.Items.FirstOrDefault(i => i.InvoiceId == invoice.Id)
            ?? throw new BillingNotFoundException("invoice", invoice.Id);
        if (item.CreditedMinor != creditedSeen)
        {
            // Another credit of this invoice was saved since its notes were read: the line bounds are checked again.
            throw new CreditsChangedMeanwhileException();
        }

        if (checked(item.CreditedMinor + note.GrossTotalMinor) > item.GrossMinor)
        {
            throw Exceeds($"Invoice {invoice.Number} has {item.GrossMinor - item.CreditedMinor} left to credit; {note.GrossTotalMinor} cannot be.");
        }

        var owedBackBefore = Math.Max(0, -item.OpenMinor);
        account.AddDocument(note, null);
        item.CreditedMinor += note.GrossTotalMinor;
        account.Touch(item);
        AccountPostings.SettleIfPaid(account, item, SellerCalendar.LocalDay(options, now));
        account.AddEvent(new BillingEvent(BillingEventTypes.CreditNoteIssued, now, account.CustomerId, invoice.OrderId, note.Id, "",
            note.GrossTotalMinor, note.Currency, $"credits invoice {invoice.Number} ({note.CreditReason}) by {actor}"));

        // What the customer paid beyond what they now owe goes back through the provider that took it: the credit's
        // share of the captured money, never money still to be captured.
        var refund = Math.Max(0, -item.OpenMinor) - owedBackBefore;
        if (refund > 0 && refundTo == CreditRefundTo.StoreCredit)
        {
            refund -= StoreCredit.Grant(account, item, note, refund, allocations, now);
        }

        if (refund > 0 && PaymentMethods.KindOf(invoice.PaymentMethod) is { } kind && PaymentMethods.IsCapturedOnShipment(kind))
        {
            account.AddEvent(new BillingEvent(BillingEventTypes.RefundRequested, now, account.CustomerId, invoice.OrderId, invoice.Id, "",
                refund, note.Currency, $"credit note {note.Id} of invoice {invoice.Number}"));
        }

        return true;
    }

    /// <summary>A repeat of the request: the same body answers with the note it issued; a different one is refused.</summary>
    private async Task<BillingDocument> RepeatAsync(CreditNoteCommand command, BillingDocument earlier, CancellationToken cancellationToken)
    {
        var invoice = await billing.GetDocumentAsync(command.InvoiceId, cancellationToken);
        var same = invoice is not null && earlier.CorrectsInvoiceId == command.InvoiceId && earlier.CreditReason == command.Reason &&
            earlier.ReasonText == command.ReasonText && SameLines(earlier, Rebuild(command, invoice));
        return same
            ? earlier
            : throw new BillingStateException("REQUEST_ID_REUSED", $"Request id {command.RequestId} was used for a different credit note ({earlier.Number}).");
    }

    private BillingDocument? Rebuild(CreditNoteCommand command, BillingDocument invoice)
    {
        try
        {
            return invoice.Kind == BillingDocumentKind.Invoice ? Build(command, invoice, "", clock.GetUtcNow()) : null;
        }
        catch (Exception exception) when (exception is ArgumentException or BillingStateException)
        {
            return null;
        }
    }

    private static bool SameLines(BillingDocument earlier, BillingDocument? rebuilt) =>
        rebuilt is not null &&
        earlier.Lines.Select(l => (l.LineId, l.Sku, l.Description, l.Quantity, l.UnitGrossMinor, l.VatRateBasisPoints, l.GrossMinor))
            .SequenceEqual(rebuilt.Lines.Select(l => (l.LineId, l.Sku, l.Description, l.Quantity, l.UnitGrossMinor, l.VatRateBasisPoints, l.GrossMinor)));

    private static BillingStateException Exceeds(string message) => new("CREDIT_EXCEEDS_INVOICE", message);

    private sealed class CreditsChangedMeanwhileException() : Exception("Another credit note of the invoice was saved meanwhile.");
}

namespace Sourcing.Orders.Billing.Invoicing;

/// <summary>Units of one invoice line to credit, the line named by its position on the invoice.</summary>
public sealed record CreditLine(int Position, int Quantity);

/// <summary>Why and under which source key a credit note is issued (a request id, or e.g. the Skonto payment).</summary>
public sealed record CreditNoteReason(string SourceKey, CreditReason Reason, string ReasonText);

/// <summary>
/// Computes a credit note (Rechnungskorrektur) for an issued invoice, unnumbered. Either whole units of its lines at
/// the invoiced unit price, or a gross amount (a price adjustment, a Skonto taken) split across the invoice's VAT
/// rates in proportion to their gross, so the credited VAT matches what was charged. Pure; whether the invoice still
/// has that much to credit (earlier credit notes) is the caller's check — this refuses only what the invoice alone
/// rules out.
/// </summary>
public static class CreditNoteBuilder
{
    public static BillingDocument ForLines(
        BillingDocument invoice, IReadOnlyList<CreditLine> credits, CreditNoteReason reason, BillingOptions options, DateTimeOffset issuedAt,
        IReadOnlyList<CreditDeduction>? deductions = null)
    {
        RequireInvoice(invoice);
        if (credits.Count == 0)
        {
            throw new ArgumentException("A credit note needs at least one line.", nameof(credits));
        }

        var lines = new List<BillingDocumentLine>();
        foreach (var credit in credits)
        {
            var invoiced = invoice.Lines.FirstOrDefault(l => l.Position == credit.Position)
                ?? throw new ArgumentException($"Invoice {invoice.Number} has no line {credit.Position}.", nameof(credits));
            if (credit.Quantity <= 0 || credit.Quantity > invoiced.Quantity)
            {
                throw new ArgumentException($"Line {credit.Position} of invoice {invoice.Number} has {invoiced.Quantity} units; {credit.Quantity} cannot be credited.", nameof(credits));
            }

            // The invoiced unit price and the same VAT rule: crediting every unit gives back exactly the invoiced line.
            lines.Add(DocumentTotals.Line(lines.Count + 1, invoiced.LineId, invoiced.Sku, invoiced.Description, credit.Quantity, invoiced.UnitGrossMinor, invoiced.VatRateBasisPoints));
        }

        AddDeductions(lines, deductions);
        return Build(invoice, lines, reason, options, issuedAt);
    }

    public static BillingDocument ForAmount(
        BillingDocument invoice, long grossMinor, CreditNoteReason reason, BillingOptions options, DateTimeOffset issuedAt,
        IReadOnlyList<CreditDeduction>? deductions = null)
    {
        RequireInvoice(invoice);
        var lines = SplitByRate(invoice, grossMinor)
            .Where(part => part.GrossMinor > 0)
            .Select((part, index) => DocumentTotals.Line(index + 1, "", "", Description(reason.Reason, part.RateBasisPoints), 1, part.GrossMinor, part.RateBasisPoints))
            .ToList();
        AddDeductions(lines, deductions);
        return Build(invoice, lines, reason, options, issuedAt);
    }

    /// <summary>
    /// Each deduction is one negative line at its own VAT rate (its VAT split from its gross like any line), so the VAT
    /// the note gives back is the goods' VAT minus the VAT of what is kept.
    /// </summary>
    private static void AddDeductions(List<BillingDocumentLine> lines, IReadOnlyList<CreditDeduction>? deductions)
    {
        foreach (var deduction in deductions ?? [])
        {
            if (deduction.GrossMinor <= 0)
            {
                throw new ArgumentException($"The deduction '{deduction.Description}' must be positive.", nameof(deductions));
            }

            lines.Add(DocumentTotals.Line(lines.Count + 1, "", "", deduction.Description, 1, -deduction.GrossMinor, deduction.VatRateBasisPoints));
        }
    }

    /// <summary>
    /// Splits <paramref name="grossMinor"/> across the invoice's VAT rates in proportion to each rate's gross: each part
    /// rounded down, then the minor units left over go one each to the parts with the largest remainders (ties: the
    /// higher rate), so the parts sum to exactly the amount. Rates in the invoice's VAT breakdown order.
    /// </summary>
    public static IReadOnlyList<(int RateBasisPoints, long GrossMinor)> SplitByRate(BillingDocument invoice, long grossMinor)
    {
        if (grossMinor <= 0 || grossMinor > invoice.GrossTotalMinor)
        {
            throw new ArgumentOutOfRangeException(nameof(grossMinor), grossMinor, $"must be between 1 and the invoice's gross {invoice.GrossTotalMinor}.");
        }

        var rates = invoice.VatTotals.Where(t => t.GrossMinor > 0).ToList();
        var total = rates.Aggregate(0L, (sum, t) => checked(sum + t.GrossMinor));
        var parts = rates
            .Select(t =>
            {
                var (quotient, remainder) = Int128.DivRem((Int128)grossMinor * t.GrossMinor, total);
                return (t.RateBasisPoints, Floor: (long)quotient, Remainder: (long)remainder);
            })
            .ToList();
        var leftOver = grossMinor - parts.Sum(p => p.Floor);
        var bonus = parts
            .OrderByDescending(p => p.Remainder)
            .ThenByDescending(p => p.RateBasisPoints)
            .Take((int)leftOver)
            .Select(p => p.RateBasisPoints)
            .ToHashSet();
        return parts.Select(p => (p.RateBasisPoints, p.Floor + (bonus.Contains(p.RateBasisPoints) ? 1 : 0))).ToList();
    }

    private static string Description(CreditReason reason, int rateBasisPoints) =>
        $"{(reason == CreditReason.PriceAdjustment ? "Price adjustment" : reason.ToString())} ({rateBasisPoints / 100}.{rateBasisPoints % 100:D2} % VAT)";

    private static void RequireInvoice(BillingDocument invoice)
    {
        if (invoice.Kind != BillingDocumentKind.Invoice)
        {
            throw new ArgumentException($"{invoice.Number} is not an invoice: only invoices are credited.", nameof(invoice));
        }
    }

    private static BillingDocument Build(BillingDocument invoice, List<BillingDocumentLine> lines, CreditNoteReason reason, BillingOptions options, DateTimeOffset issuedAt)
    {
        var documentDate = SellerCalendar.LocalDay(options, issuedAt);
        var document = new BillingDocument
        {
            Id = DocumentIds.NewCreditNoteId(),
            Kind = BillingDocumentKind.CreditNote,
            Purpose = invoice.Purpose,
            Series = options.CreditNoteSeries,
            Year = documentDate.Year,
            SourceKey = reason.SourceKey,
            CustomerId = invoice.CustomerId,
            OrderId = invoice.OrderId,
            Channel = invoice.Channel,
            ExternalOrderNumber = invoice.ExternalOrderNumber,
            ShipmentId = invoice.ShipmentId,
            Currency = invoice.Currency,
            IssuedAt = issuedAt,
            DocumentDate = documentDate,
            DeliveryDate = invoice.DeliveryDate,
            Seller = DocumentTotals.Copy(invoice.Seller),
            Buyer = DocumentTotals.Copy(invoice.Buyer),
            Lines = lines,
            PaymentMethod = invoice.PaymentMethod,
            Terms = new PaymentTerms(),
            CorrectsInvoiceId = invoice.Id,
            CorrectsInvoiceNumber = invoice.Number,
            CreditReason = reason.Reason,
            ReasonText = reason.ReasonText,
        };
        DocumentTotals.Apply(document);
        return document;
    }
}

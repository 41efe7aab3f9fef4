using Sourcing.Orders.Billing;
using Sourcing.Orders.Billing.Invoicing;
using static Sourcing.Orders.Tests.Billing.Invoicing.InvoicingTestData;

namespace Sourcing.Orders.Tests.Billing.Invoicing;

public sealed class CreditNoteBuilderTests
{
    private static readonly CreditNoteReason Reason = new("request:R-1", CreditReason.Return, "returned");

    private static BillingDocument Invoice()
    {
        var order = Order(495, ("L1", 1999, 1900, 3), ("L2", 1000, 700, 2));
        var shipment = Ship(order, "S1", ShippedAt, ("L1", 3), ("L2", 2));
        var invoice = InvoiceCalculator.ForShipment(order, shipment, Options(), ShippedAt);
        invoice.Number = "RE-2026-000001";
        return invoice;
    }

    [Fact]
    public void ForLines_AllUnitsOfALine_CreditsExactlyTheInvoicedLine()
    {
        var invoice = Invoice();

        var note = CreditNoteBuilder.ForLines(invoice, [new CreditLine(1, 3)], Reason, Options(), ShippedAt.AddDays(3));

        var line = Assert.Single(note.Lines);
        var invoiced = invoice.Lines[0];
        Assert.Equal((invoiced.GrossMinor, invoiced.VatMinor, invoiced.NetMinor), (line.GrossMinor, line.VatMinor, line.NetMinor));
        Assert.Equal((BillingDocumentKind.CreditNote, "GS", invoice.Id, "RE-2026-000001", "request:R-1"), (note.Kind, note.Series, note.CorrectsInvoiceId, note.CorrectsInvoiceNumber, note.SourceKey));
        Assert.Equal(invoiced.GrossMinor, note.GrossTotalMinor);
        Assert.Null(note.DueDate);
        Assert.StartsWith("gs_", note.Id);
    }

    [Fact]
    public void ForLines_PartOfALine_VatSplitFromTheCreditedGross()
    {
        var note = CreditNoteBuilder.ForLines(Invoice(), [new CreditLine(1, 1), new CreditLine(2, 1)], Reason, Options(), ShippedAt);

        // 1999 × 19/119 = 319.17 → 319; 1000 × 7/107 = 65.42 → 65.
        Assert.Equal([(1999L, 319L, 1900), (1000L, 65L, 700)], note.Lines.Select(l => (l.GrossMinor, l.VatMinor, l.VatRateBasisPoints)));
        Assert.Equal((2999L, 384L), (note.GrossTotalMinor, note.VatTotalMinor));
    }

    [Fact]
    public void ForLines_MoreUnitsThanInvoicedOrUnknownLine_Refused()
    {
        var invoice = Invoice();

        Assert.Throws<ArgumentException>(() => CreditNoteBuilder.ForLines(invoice, [new CreditLine(1, 4)], Reason, Options(), ShippedAt));
        Assert.Throws<ArgumentException>(() => CreditNoteBuilder.ForLines(invoice, [new CreditLine(9, 1)], Reason, Options(), ShippedAt));
    }

    [Fact]
    public void ForAmount_SplitAcrossRatesInProportionToTheirGross_PartsSumExactly()
    {
        // Gross per rate: 19 % = 5997 + 495 shipping = 6492, 7 % = 2000; total 8492.
        var invoice = Invoice();

        var note = CreditNoteBuilder.ForAmount(invoice, 1000, Reason with { Reason = CreditReason.PriceAdjustment }, Options(), ShippedAt);

        // 1000 × 6492/8492 = 764.48, 1000 × 2000/8492 = 235.51: floors 764 + 235 = 999, the cent left goes to the larger remainder (7 %).
        Assert.Equal([(1900, 764L), (700, 236L)], note.Lines.Select(l => (l.VatRateBasisPoints, l.GrossMinor)));
        Assert.Equal(1000, note.GrossTotalMinor);
        Assert.Equal(note.Lines.Sum(l => l.VatMinor), note.VatTotalMinor);
    }

    [Fact]
    public void SplitByRate_AnyAmount_PartsSumToTheAmountAndNeverExceedTheRatesGross()
    {
        var invoice = Invoice();
        for (var amount = 1L; amount <= invoice.GrossTotalMinor; amount += 37)
        {
            var parts = CreditNoteBuilder.SplitByRate(invoice, amount);
            Assert.Equal(amount, parts.Sum(p => p.GrossMinor));
            Assert.All(parts, p => Assert.InRange(p.GrossMinor, 0, invoice.VatTotals.Single(t => t.RateBasisPoints == p.RateBasisPoints).GrossMinor));
        }

        Assert.Equal(invoice.VatTotals.Select(t => (t.RateBasisPoints, t.GrossMinor)), CreditNoteBuilder.SplitByRate(invoice, invoice.GrossTotalMinor));
    }

    [Fact]
    public void ForAmount_MoreThanTheInvoiceOrACreditNote_Refused()
    {
        var invoice = Invoice();
        var note = CreditNoteBuilder.ForLines(invoice, [new CreditLine(1, 1)], Reason, Options(), ShippedAt);

        Assert.Throws<ArgumentOutOfRangeException>(() => CreditNoteBuilder.ForAmount(invoice, invoice.GrossTotalMinor + 1, Reason, Options(), ShippedAt));
        Assert.Throws<ArgumentException>(() => CreditNoteBuilder.ForAmount(note, 1, Reason, Options(), ShippedAt));
    }
}

using System.Diagnostics;
using Sourcing.Orders.Billing.Documents;
using Xunit.Abstractions;

namespace Sourcing.Orders.Tests.Billing.Documents;

public sealed class BillingDocumentPdfTests(ITestOutputHelper output)
{
    [Fact]
    public void Render_Invoice_PrintsNumberDatesPartiesVatBreakdownTotalsAndTerms()
    {
        var pages = PdfText.Lines(BillingDocumentPdf.Render(TestDocuments.Invoice(), TestDocuments.Options()));

        var page = Assert.Single(pages);
        var text = string.Join("\n", page);
        Assert.Contains("Rechnung RE-2026-000042", text);
        Assert.Contains("Rechnungsdatum 27.11.2026", text);
        Assert.Contains("Leistungsdatum 26.11.2026", text);
        Assert.Contains("Bestellnummer SHOP-100234", text);
        Assert.Contains("Kundennummer cust-4711", text);
        Assert.Contains("USt-IdNr.: DE123456789", text);
        Assert.Contains("Steuernummer: 27/123/45678", text);
        Assert.Contains("Erika Mustermann", text);
        Assert.Contains("51147 Köln", text);

        // 60 × 19,99 € at 19 %: VAT 191,50 €, net 1.007,90 €.
        Assert.Contains(page, line => line.StartsWith("1 TSHIRT-BLK-M 60 19,99 19 % 1.007,90 191,50 1.199,40", StringComparison.Ordinal));
        Assert.Contains("USt. 19 % 1.012,02 € 192,28 € 1.204,30 €", page);
        Assert.Contains("USt. 7 % 23,27 € 1,63 € 24,90 €", page);
        Assert.Contains("Summe netto 1.035,29 €", page);
        Assert.Contains("Umsatzsteuer 193,91 €", page);
        Assert.Contains("Gesamtbetrag (brutto) 1.229,20 €", page);
        Assert.Contains("Zahlbar ohne Abzug bis 11.12.2026.", page);
        Assert.Contains("Bei Zahlung bis 04.12.2026 2 % Skonto: 24,58 €, Zahlbetrag dann 1.204,62 €.", page);
        Assert.Contains("Bankverbindung: IBAN DE89 3704 0044 0532 0130 00 · BIC COBADEFFXXX", page);
        Assert.Contains("Verwendungszweck: RE-2026-000042", page);
        Assert.Contains("Seite 1 von 1", page);
    }

    [Fact]
    public void Render_CreditNote_PrintsCorrectedInvoiceReasonAndCreditedTotal()
    {
        var pages = PdfText.Lines(BillingDocumentPdf.Render(TestDocuments.CreditNote(), TestDocuments.Options()));

        var page = Assert.Single(pages);
        var text = string.Join("\n", page);
        Assert.Contains("Rechnungskorrektur (Gutschrift) GS-2026-000007", text);
        Assert.Contains("Zur Rechnung RE-2026-000042", text);
        Assert.Contains("Diese Rechnungskorrektur bezieht sich auf die Rechnung RE-2026-000042.", page);
        Assert.Contains("Grund: Rücksendung – Artikel zurückgesandt", page);
        Assert.Contains("USt. 19 % 33,60 € 6,38 € 39,98 €", page);
        Assert.Contains("Gesamtbetrag (brutto) 39,98 €", page);
        Assert.DoesNotContain("Zahlbar", text);
        Assert.DoesNotContain("Skonto", text);
    }

    [Fact]
    public void Render_FiveHundredLines_BreaksPagesRepeatingHeaderWithTotalsOnLastPage()
    {
        var document = TestDocuments.LongInvoice(500);

        var pages = PdfText.Lines(BillingDocumentPdf.Render(document, TestDocuments.Options()));

        Assert.True(pages.Count > 1, $"{pages.Count} page(s)");
        for (var i = 0; i < pages.Count; i++)
        {
            var text = string.Join("\n", pages[i]);
            Assert.Contains("RE-2026-000500", text);
            Assert.Contains(pages[i], line => line.StartsWith("Pos. Artikel / Bezeichnung Menge", StringComparison.Ordinal));
            Assert.Contains($"Seite {i + 1} von {pages.Count}", text);
            Assert.Equal(i == pages.Count - 1, text.Contains("Gesamtbetrag (brutto)", StringComparison.Ordinal));
        }

        // Every line printed once, in order, across the pages.
        var skus = pages.SelectMany(page => page).Select(line => line.Split(' ')).Where(w => w.Length > 1 && w[1].StartsWith("SKU-", StringComparison.Ordinal)).Select(w => w[1]).ToList();
        Assert.Equal(Enumerable.Range(1, 500).Select(i => $"SKU-{i:D5}"), skus);
        Assert.Contains($"Gesamtbetrag (brutto) {GermanFormat.Money(document.GrossTotalMinor, "EUR")}", pages[^1]);
    }

    [Fact]
    public void Render_OverlongTexts_AreCutOrWrappedInsideThePageMargins()
    {
        var document = TestDocuments.CreditNote();
        document.Lines[0].Sku = "SKU-" + new string('X', 80);
        document.Lines[0].Description = string.Concat(Enumerable.Repeat("Überlange Artikelbeschreibung ", 12));
        document.Buyer.Name = string.Concat(Enumerable.Repeat("Sehr lange Firmenbezeichnung ", 6));
        document.ReasonText = string.Concat(Enumerable.Repeat("Die Ware kam beschädigt an und wurde zurückgeschickt. ", 6));

        var pdf = BillingDocumentPdf.Render(document, TestDocuments.Options());

        using var read = UglyToad.PdfPig.PdfDocument.Open(pdf);
        var letters = read.GetPages().SelectMany(page => page.Letters).ToList();
        Assert.All(letters, letter => Assert.InRange(letter.BoundingBox.Right, 49, 546));
        var lines = PdfText.Lines(pdf).SelectMany(page => page).ToList();
        Assert.Contains(lines, line => line.StartsWith("1 SKU-XXXX", StringComparison.Ordinal) && line.Contains('…', StringComparison.Ordinal));
        Assert.Contains(lines, line => line.EndsWith("zurückgeschickt.", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_EightInParallel_EachEqualsTheSequentialRender()
    {
        var options = TestDocuments.Options();
        var documents = Enumerable.Range(0, 8).Select(i => i % 2 == 0 ? TestDocuments.LongInvoice(40 + i) : TestDocuments.Invoice()).ToList();
        var expected = documents.Select(d => PdfText.Lines(BillingDocumentPdf.Render(d, options))).ToList();

        var rendered = new byte[documents.Count][];
        Parallel.For(0, documents.Count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => rendered[i] = BillingDocumentPdf.Render(documents[i], options));

        for (var i = 0; i < documents.Count; i++)
        {
            Assert.Equal(expected[i], PdfText.Lines(rendered[i]));
        }
    }

    [Fact]
    public void Render_SmallAndLongInvoice_ReportsTimeAndSize()
    {
        var options = TestDocuments.Options();
        BillingDocumentPdf.Render(TestDocuments.Invoice(), options);

        foreach (var (name, document) in new[] { ("3 lines", TestDocuments.Invoice()), ("500 lines", TestDocuments.LongInvoice(500)) })
        {
            const int runs = 5;
            var watch = Stopwatch.StartNew();
            byte[] pdf = [];
            for (var i = 0; i < runs; i++)
            {
                pdf = BillingDocumentPdf.Render(document, options);
            }

            watch.Stop();
            output.WriteLine($"{name}: {watch.Elapsed.TotalMilliseconds / runs:F1} ms per render, {pdf.Length:N0} bytes, {PdfText.Lines(pdf).Count} page(s)");
            Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(pdf, 0, 5));
        }
    }
}

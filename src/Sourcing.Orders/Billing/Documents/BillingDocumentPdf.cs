using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Sourcing.Orders.Billing.Documents;

/// <summary>
/// Renders an issued invoice or credit note as the PDF the customer receives: German labels and number formats, the
/// seller's legal details (USt-IdNr., Steuernummer) and bank, the buyer, invoice and delivery dates, a line table with
/// a VAT breakdown per rate, totals, and the payment terms with Skonto. Long documents break onto further pages that
/// repeat the header and the table's column heads; totals always stand on the last page. Stateless and safe to call
/// from many threads at once.
/// </summary>
public static class BillingDocumentPdf
{
    private const double RowHeight = 22;
    private const double TableHeadHeight = 24;

    // Line table columns: left edge and width each, together Left..Right.
    private static readonly (double X, double Width) PosColumn = (50, 22);
    private static readonly (double X, double Width) ItemColumn = (74, 158);
    private static readonly (double X, double Width) QuantityColumn = (232, 37);
    private static readonly (double X, double Width) UnitPriceColumn = (269, 62);
    private static readonly (double X, double Width) RateColumn = (331, 34);
    private static readonly (double X, double Width) NetColumn = (365, 60);
    private static readonly (double X, double Width) VatColumn = (425, 55);
    private static readonly (double X, double Width) GrossColumn = (480, 65);

    public static byte[] Render(BillingDocument document, BillingOptions options)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(options);
        PdfFonts.EnsureRegistered();

        var digits = CurrencyMinorDigits.Of(document.Currency);
        var fonts = new Fonts();
        using var pdf = new PdfDocument();
        pdf.Info.Title = $"{Titles.Of(document)} {document.Number}";
        pdf.Info.Author = document.Seller.Name;
        pdf.Info.Creator = "Sourcing";
        pdf.Options.CompressContentStreams = true;

        using (var canvas = new PdfCanvas(pdf, c => DrawContinuationHeader(c, document, fonts)))
        {
            DrawFirstPageHeader(canvas, document, fonts);
            DrawTableHead(canvas, fonts);
            foreach (var line in document.Lines)
            {
                if (canvas.EnsureRoom(RowHeight))
                {
                    DrawTableHead(canvas, fonts);
                }

                DrawLine(canvas, line, digits, fonts);
            }

            DrawTotals(canvas, document, options, fonts);
        }

        DrawFooters(pdf, document, options, fonts);

        using var output = new MemoryStream();
        pdf.Save(output, false);
        return output.ToArray();
    }

    private static void DrawFirstPageHeader(PdfCanvas canvas, BillingDocument document, Fonts fonts)
    {
        var seller = document.Seller;

        // Seller block, top right.
        var y = PdfCanvas.Top;
        canvas.Text(seller.Name, fonts.Bold, 340, y);
        y += 13;
        foreach (var text in SellerDetails(seller))
        {
            canvas.Text(text, fonts.Small, 340, y);
            y += 10;
        }

        // Buyer address in the window of a DIN envelope, under the seller's return line.
        y = 125;
        canvas.Text(
            canvas.Fit(string.Join(" · ", new[] { seller.Name, seller.Street, $"{seller.PostalCode} {seller.City}".Trim() }.Where(s => s.Length > 0)), fonts.Tiny, 240),
            fonts.Tiny, PdfCanvas.Left, y, XBrushes.DimGray);
        y += 14;
        foreach (var text in AddressLines(document.Buyer))
        {
            canvas.Text(canvas.Fit(text, fonts.Regular, 240), fonts.Regular, PdfCanvas.Left, y);
            y += 13;
        }

        if (document.Buyer.VatId.Length > 0)
        {
            canvas.Text($"USt-IdNr.: {document.Buyer.VatId}", fonts.Small, PdfCanvas.Left, y);
        }

        // Document facts, right of the address.
        y = 135;
        foreach (var (label, value) in Facts(document))
        {
            canvas.Text(label, fonts.Small, 340, y);
            canvas.TextRightAt(canvas.Fit(value, fonts.Small, 120), fonts.Small, PdfCanvas.Right, y);
            y += 12;
        }

        y = Math.Max(y, 230) + 10;
        canvas.Text($"{Titles.Of(document)} {document.Number}", fonts.Title, PdfCanvas.Left, y);
        y += 20;
        canvas.Text(Titles.EnglishOf(document), fonts.Small, PdfCanvas.Left, y, XBrushes.DimGray);
        y += 16;

        if (document.Kind == BillingDocumentKind.CreditNote)
        {
            var reason = $"Grund: {Titles.ReasonOf(document.CreditReason)}" + (document.ReasonText.Length > 0 ? $" – {document.ReasonText}" : "");
            var lines = new List<string> { $"Diese Rechnungskorrektur bezieht sich auf die Rechnung {document.CorrectsInvoiceNumber}." };
            lines.AddRange(canvas.Wrap(reason, fonts.Regular, PdfCanvas.Right - PdfCanvas.Left));
            foreach (var line in lines)
            {
                canvas.Text(line, fonts.Regular, PdfCanvas.Left, y);
                y += 13;
            }

            y += 4;
        }

        canvas.Text($"Beträge in {document.Currency}", fonts.Small, PdfCanvas.Left, y, XBrushes.DimGray);
        canvas.Y = y + 14;
    }

    private static void DrawContinuationHeader(PdfCanvas canvas, BillingDocument document, Fonts fonts)
    {
        canvas.Text($"{Titles.Of(document)} {document.Number} (Fortsetzung)", fonts.Bold, PdfCanvas.Left, canvas.Y);
        canvas.TextRightAt($"{Titles.DateLabelOf(document)}: {GermanFormat.Date(document.DocumentDate)}", fonts.Small, PdfCanvas.Right, canvas.Y);
        canvas.Y += 14;
        canvas.Text($"{document.Seller.Name} · Kundennummer {document.CustomerId} · Beträge in {document.Currency}", fonts.Small, PdfCanvas.Left, canvas.Y, XBrushes.DimGray);
        canvas.Y += 18;
    }

    private static void DrawTableHead(PdfCanvas canvas, Fonts fonts)
    {
        var y = canvas.Y;
        canvas.Line(PdfCanvas.Left, y, PdfCanvas.Right);
        y += 3;
        canvas.Text("Pos.", fonts.SmallBold, PosColumn.X, y);
        canvas.Text("Artikel / Bezeichnung", fonts.SmallBold, ItemColumn.X, y);
        Right("Menge", QuantityColumn);
        Right("Einzelpreis", UnitPriceColumn);
        Right("USt.", RateColumn);
        Right("Netto", NetColumn);
        Right("USt.", VatColumn);
        Right("Brutto", GrossColumn);
        y += 9;
        Right("brutto", UnitPriceColumn);
        Right("Satz", RateColumn);
        Right("Betrag", VatColumn);
        y += 11;
        canvas.Line(PdfCanvas.Left, y, PdfCanvas.Right);
        canvas.Y = y + 3;

        void Right(string text, (double X, double Width) column) =>
            canvas.TextRightAt(text, fonts.SmallBold, column.X + column.Width, y);
    }

    private static void DrawLine(PdfCanvas canvas, BillingDocumentLine line, int digits, Fonts fonts)
    {
        var y = canvas.Y + 2;
        canvas.Text(GermanFormat.Integer(line.Position), fonts.Small, PosColumn.X, y);
        canvas.Text(canvas.Fit(line.Sku, fonts.SmallBold, ItemColumn.Width - 4), fonts.SmallBold, ItemColumn.X, y);
        canvas.Text(canvas.Fit(line.Description, fonts.Small, ItemColumn.Width - 4), fonts.Small, ItemColumn.X, y + 9, XBrushes.DimGray);
        Cell(GermanFormat.Integer(line.Quantity), QuantityColumn);
        Cell(GermanFormat.Amount(line.UnitGrossMinor, digits), UnitPriceColumn);
        Cell(GermanFormat.Rate(line.VatRateBasisPoints), RateColumn);
        Cell(GermanFormat.Amount(line.NetMinor, digits), NetColumn);
        Cell(GermanFormat.Amount(line.VatMinor, digits), VatColumn);
        Cell(GermanFormat.Amount(line.GrossMinor, digits), GrossColumn);
        canvas.Y += RowHeight;
        canvas.Graphics.DrawLine(new XPen(XColors.LightGray, 0.3), PdfCanvas.Left, canvas.Y - 1, PdfCanvas.Right, canvas.Y - 1);

        void Cell(string text, (double X, double Width) column) =>
            canvas.TextRightAt(canvas.Fit(text, fonts.Small, column.Width - 3), fonts.Small, column.X + column.Width, y);
    }

    private static void DrawTotals(PdfCanvas canvas, BillingDocument document, BillingOptions options, Fonts fonts)
    {
        var currency = document.Currency;
        var paymentLines = PaymentLines(document, options)
            .SelectMany(text => canvas.Wrap(text, fonts.Regular, PdfCanvas.Right - PdfCanvas.Left))
            .ToList();
        var height = 10 + 14 + document.VatTotals.Count * 12 + 8 + 3 * 14 + 10 + paymentLines.Count * 13;
        canvas.EnsureRoom(height);

        var y = canvas.Y + 10;
        canvas.Text("USt.-Aufstellung", fonts.SmallBold, ItemColumn.X, y);
        canvas.TextRightAt("Netto", fonts.SmallBold, NetColumn.X + NetColumn.Width, y);
        canvas.TextRightAt("USt.", fonts.SmallBold, VatColumn.X + VatColumn.Width, y);
        canvas.TextRightAt("Brutto", fonts.SmallBold, GrossColumn.X + GrossColumn.Width, y);
        y += 14;
        foreach (var total in document.VatTotals.OrderByDescending(t => t.RateBasisPoints))
        {
            canvas.Text($"USt. {GermanFormat.Rate(total.RateBasisPoints)}", fonts.Small, ItemColumn.X, y);
            canvas.TextRightAt(GermanFormat.Money(total.NetMinor, currency), fonts.Small, NetColumn.X + NetColumn.Width, y);
            canvas.TextRightAt(GermanFormat.Money(total.VatMinor, currency), fonts.Small, VatColumn.X + VatColumn.Width, y);
            canvas.TextRightAt(GermanFormat.Money(total.GrossMinor, currency), fonts.Small, GrossColumn.X + GrossColumn.Width, y);
            y += 12;
        }

        y += 8;
        canvas.Line(330, y - 3, PdfCanvas.Right);
        Sum("Summe netto", document.NetTotalMinor, fonts.Regular);
        Sum("Umsatzsteuer", document.VatTotalMinor, fonts.Regular);
        Sum("Gesamtbetrag (brutto)", document.GrossTotalMinor, fonts.Bold);
        y += 10;
        foreach (var line in paymentLines)
        {
            canvas.Text(line, fonts.Regular, PdfCanvas.Left, y);
            y += 13;
        }

        canvas.Y = y;

        void Sum(string label, long minor, XFont font)
        {
            canvas.Text(label, font, 330, y);
            canvas.TextRightAt(GermanFormat.Money(minor, currency), font, PdfCanvas.Right, y);
            y += 14;
        }
    }

    private static IEnumerable<string> PaymentLines(BillingDocument document, BillingOptions options)
    {
        var currency = document.Currency;
        if (document.Kind == BillingDocumentKind.CreditNote)
        {
            yield return $"Der Betrag von {GermanFormat.Money(document.GrossTotalMinor, currency)} wird mit der Rechnung {document.CorrectsInvoiceNumber} verrechnet";
            yield return "oder Ihnen erstattet.";
            yield break;
        }

        if (document.PaymentMethod.Length > 0)
        {
            yield return $"Zahlungsart: {Titles.PaymentMethodOf(document.PaymentMethod)}";
        }

        if (document.DueDate is { } due)
        {
            yield return $"Zahlbar ohne Abzug bis {GermanFormat.Date(due)}.";
        }

        if (document.DiscountUntil is { } until && document.Terms.DiscountBasisPoints > 0)
        {
            var discount = VatMath.Share(document.GrossTotalMinor, document.Terms.DiscountBasisPoints);
            yield return $"Bei Zahlung bis {GermanFormat.Date(until)} {GermanFormat.Rate(document.Terms.DiscountBasisPoints)} Skonto: "
                + $"{GermanFormat.Money(discount, currency)}, Zahlbetrag dann {GermanFormat.Money(document.GrossTotalMinor - discount, currency)}.";
        }

        if (options.BankIban.Length > 0 && document.DueDate is not null)
        {
            yield return $"Bankverbindung: IBAN {GroupedIban(options.BankIban)}" + (options.BankBic.Length > 0 ? $" · BIC {options.BankBic}" : "");
            yield return $"Verwendungszweck: {document.Number}";
        }
    }

    private static void DrawFooters(PdfDocument pdf, BillingDocument document, BillingOptions options, Fonts fonts)
    {
        var seller = document.Seller;
        var legal = new List<string>();
        if (seller.VatId.Length > 0)
        {
            legal.Add($"USt-IdNr.: {seller.VatId}");
        }

        if (seller.TaxNumber.Length > 0)
        {
            legal.Add($"Steuernummer: {seller.TaxNumber}");
        }

        var bank = new List<string>();
        if (options.BankIban.Length > 0)
        {
            bank.Add($"IBAN: {GroupedIban(options.BankIban)}");
        }

        if (options.BankBic.Length > 0)
        {
            bank.Add($"BIC: {options.BankBic}");
        }

        var columns = new[] { AddressLines(seller).ToList(), legal, bank };
        for (var i = 0; i < pdf.PageCount; i++)
        {
            using var graphics = XGraphics.FromPdfPage(pdf.Pages[i], XGraphicsPdfPageOptions.Append);
            graphics.DrawLine(new XPen(XColors.Gray, 0.5), PdfCanvas.Left, 755, PdfCanvas.Right, 755);
            for (var c = 0; c < columns.Length; c++)
            {
                var y = 760.0;
                foreach (var text in columns[c])
                {
                    graphics.DrawString(text, fonts.Tiny, XBrushes.DimGray, PdfCanvas.Left + c * 170, y, XStringFormats.TopLeft);
                    y += 9;
                }
            }

            var page = $"Seite {i + 1} von {pdf.PageCount}";
            var width = graphics.MeasureString(page, fonts.Small).Width;
            graphics.DrawString(page, fonts.Small, XBrushes.Black, PdfCanvas.Right - width, 800, XStringFormats.TopLeft);
        }
    }

    private static IEnumerable<string> SellerDetails(BillingParty seller)
    {
        foreach (var line in AddressLines(seller).Skip(1))
        {
            yield return line;
        }

        if (seller.VatId.Length > 0)
        {
            yield return $"USt-IdNr.: {seller.VatId}";
        }

        if (seller.TaxNumber.Length > 0)
        {
            yield return $"Steuernummer: {seller.TaxNumber}";
        }

        if (seller.Email.Length > 0)
        {
            yield return seller.Email;
        }
    }

    private static IEnumerable<string> AddressLines(BillingParty party)
    {
        if (party.Name.Length > 0)
        {
            yield return party.Name;
        }

        if (party.Street.Length > 0)
        {
            yield return party.Street;
        }

        var city = $"{party.PostalCode} {party.City}".Trim();
        if (city.Length > 0)
        {
            yield return city;
        }

        if (party.Country.Length > 0 && party.Country != "DE")
        {
            yield return Titles.CountryOf(party.Country);
        }
    }

    private static IEnumerable<(string Label, string Value)> Facts(BillingDocument document)
    {
        yield return (document.Kind == BillingDocumentKind.CreditNote ? "Gutschrift-Nr." : "Rechnungsnummer", document.Number);
        yield return (Titles.DateLabelOf(document), GermanFormat.Date(document.DocumentDate));
        if (document.DeliveryDate != default)
        {
            yield return ("Leistungsdatum", GermanFormat.Date(document.DeliveryDate));
        }

        if (document.Kind == BillingDocumentKind.CreditNote)
        {
            yield return ("Zur Rechnung", document.CorrectsInvoiceNumber);
        }

        if (document.ExternalOrderNumber.Length > 0)
        {
            yield return ("Bestellnummer", document.ExternalOrderNumber);
        }

        yield return ("Kundennummer", document.CustomerId);
    }

    private static string GroupedIban(string iban)
    {
        var compact = iban.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        return string.Join(' ', compact.Chunk(4).Select(chunk => new string(chunk)));
    }

    /// <summary>One render's fonts (PDFsharp caches the faces process-wide; these objects are cheap).</summary>
    private sealed class Fonts
    {
        public XFont Title { get; } = new(DejaVuFontResolver.FamilyName, 15, XFontStyleEx.Bold);
        public XFont Bold { get; } = new(DejaVuFontResolver.FamilyName, 10, XFontStyleEx.Bold);
        public XFont Regular { get; } = new(DejaVuFontResolver.FamilyName, 9, XFontStyleEx.Regular);
        public XFont Small { get; } = new(DejaVuFontResolver.FamilyName, 7.5, XFontStyleEx.Regular);
        public XFont SmallBold { get; } = new(DejaVuFontResolver.FamilyName, 7.5, XFontStyleEx.Bold);
        public XFont Tiny { get; } = new(DejaVuFontResolver.FamilyName, 6.5, XFontStyleEx.Regular);
    }
}

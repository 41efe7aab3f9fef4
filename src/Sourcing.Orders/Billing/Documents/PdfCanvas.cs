using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Sourcing.Orders.Billing.Documents;

/// <summary>
/// Pages of one PDF and a cursor moving down them: starts a new A4 page when the next block does not fit, and lets the
/// caller draw the repeated header on it. All drawing is top-left based in points (1/72 inch).
/// </summary>
internal sealed class PdfCanvas : IDisposable
{
    public const double Left = 50;
    public const double Right = 545;
    public const double Top = 50;

    /// <summary>Content stops here; below is the footer with the seller's legal and bank details.</summary>
    public const double ContentBottom = 740;

    private readonly PdfDocument document;
    private readonly Action<PdfCanvas> drawContinuationHeader;
    private XGraphics? graphics;

    public PdfCanvas(PdfDocument document, Action<PdfCanvas> drawContinuationHeader)
    {
        this.document = document;
        this.drawContinuationHeader = drawContinuationHeader;
        NewPage(withHeader: false);
    }

    public double Y { get; set; }

    public XGraphics Graphics => graphics ?? throw new ObjectDisposedException(nameof(PdfCanvas));

    /// <summary>Starts a new page (with the repeated header) when <paramref name="height"/> more points do not fit.</summary>
    public bool EnsureRoom(double height)
    {
        if (Y + height <= ContentBottom)
        {
            return false;
        }

        NewPage(withHeader: true);
        return true;
    }

    public void Text(string text, XFont font, double x, double y, XBrush? brush = null) =>
        Graphics.DrawString(text, font, brush ?? XBrushes.Black, x, y, XStringFormats.TopLeft);

    /// <summary>Text ending at <paramref name="right"/>.</summary>
    public void TextRightAt(string text, XFont font, double right, double y, XBrush? brush = null) =>
        Text(text, font, right - Width(text, font), y, brush);

    public double Width(string text, XFont font) => Graphics.MeasureString(text, font).Width;

    /// <summary>The text as it fits in <paramref name="width"/>, cut with "…" when it does not.</summary>
    public string Fit(string text, XFont font, double width)
    {
        if (Width(text, font) <= width)
        {
            return text;
        }

        var length = text.Length;
        while (length > 0 && Width(string.Concat(text.AsSpan(0, length), "…"), font) > width)
        {
            length--;
        }

        return string.Concat(text.AsSpan(0, length), "…");
    }

    /// <summary>Breaks text into lines no wider than <paramref name="width"/> at spaces (a longer word is cut).</summary>
    public List<string> Wrap(string text, XFont font, double width)
    {
        var lines = new List<string>();
        var current = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = current.Length == 0 ? word : $"{current} {word}";
            if (Width(candidate, font) <= width)
            {
                current = candidate;
                continue;
            }

            if (current.Length > 0)
            {
                lines.Add(current);
            }

            current = Fit(word, font, width);
        }

        if (current.Length > 0)
        {
            lines.Add(current);
        }

        return lines;
    }

    public void Line(double x1, double y, double x2, double width = 0.5) =>
        Graphics.DrawLine(new XPen(XColors.Black, width), x1, y, x2, y);

    public void Dispose()
    {
        graphics?.Dispose();
        graphics = null;
    }

    private void NewPage(bool withHeader)
    {
        graphics?.Dispose();
        var page = document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        graphics = XGraphics.FromPdfPage(page);
        Y = Top;
        if (withHeader)
        {
            drawContinuationHeader(this);
        }
    }
}

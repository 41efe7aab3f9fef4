using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace Sourcing.Orders.Tests.Billing.Documents;

/// <summary>A PDF's text as a reader sees it: per page, one string per printed line (words left to right).</summary>
internal static class PdfText
{
    public static List<List<string>> Lines(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return document.GetPages().Select(LinesOf).ToList();
    }

    private static List<string> LinesOf(Page page) =>
        page.GetWords()
            .GroupBy(word => Math.Round(word.Letters[0].StartBaseLine.Y))
            .OrderByDescending(line => line.Key)
            .Select(line => string.Join(" ", line.OrderBy(word => word.Letters[0].StartBaseLine.X).Select(word => word.Text)))
            .ToList();
}

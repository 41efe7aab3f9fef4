using System.Reflection;
using PdfSharp.Fonts;

namespace Sourcing.Orders.Billing.Documents;

/// <summary>
/// Serves the DejaVu Sans faces embedded in this assembly for every font a document asks for. PDFsharp finds no
/// system fonts on Linux, and embedding them means a fresh machine renders invoices with nothing installed.
/// </summary>
internal sealed class DejaVuFontResolver : IFontResolver
{
    public const string FamilyName = "DejaVu Sans";
    private const string RegularFace = "DejaVuSans";
    private const string BoldFace = "DejaVuSans-Bold";

    private static readonly Lazy<byte[]> Regular = new(() => Load(RegularFace));
    private static readonly Lazy<byte[]> Bold = new(() => Load(BoldFace));

    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) =>
        // No oblique face is embedded: PDFsharp slants the upright one when italic is asked for.
        new(bold ? BoldFace : RegularFace, mustSimulateBold: false, mustSimulateItalic: italic);

    public byte[]? GetFont(string faceName) => faceName switch
    {
        RegularFace => Regular.Value,
        BoldFace => Bold.Value,
        _ => null,
    };

    private static byte[] Load(string face)
    {
        var name = $"Sourcing.Orders.Billing.Documents.Fonts.{face}.ttf";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded font {name} is missing from the assembly.");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}

/// <summary>
/// Registers <see cref="DejaVuFontResolver"/> with PDFsharp once per process. PDFsharp's resolver is a global that
/// refuses to change after first use, so registration is idempotent and safe from any number of threads; a host that
/// set its own resolver keeps it, with ours as the fallback.
/// </summary>
internal static class PdfFonts
{
    private static readonly Lock Gate = new();
    private static volatile bool registered;

    public static void EnsureRegistered()
    {
        if (registered)
        {
            return;
        }

        lock (Gate)
        {
            if (registered)
            {
                return;
            }

            if (GlobalFontSettings.FontResolver is null)
            {
                GlobalFontSettings.FontResolver = new DejaVuFontResolver();
            }
            else if (GlobalFontSettings.FontResolver is not DejaVuFontResolver && GlobalFontSettings.FallbackFontResolver is null)
            {
                GlobalFontSettings.FallbackFontResolver = new DejaVuFontResolver();
            }

            registered = true;
        }
    }
}

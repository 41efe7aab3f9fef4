using PdfSharp.Fonts;
using Sourcing.Orders.Billing.Documents;

namespace Sourcing.Orders.Tests.Billing.Documents;

public sealed class DejaVuFontResolverTests
{
    [Theory]
    [InlineData(false, "DejaVuSans")]
    [InlineData(true, "DejaVuSans-Bold")]
    public void GetFont_AnyFamily_ServesTheEmbeddedTrueTypeFace(bool bold, string face)
    {
        var resolver = new DejaVuFontResolver();

        var info = resolver.ResolveTypeface("Arial", bold, italic: false);
        var font = resolver.GetFont(info.FaceName);

        Assert.Equal(face, info.FaceName);
        Assert.NotNull(font);
        Assert.True(font.Length > 100_000, $"{font.Length} bytes");
        Assert.Equal(new byte[] { 0, 1, 0, 0 }, font[..4]);
    }

    [Fact]
    public void EnsureRegistered_CalledFromManyThreads_RegistersOneResolverOnce()
    {
        Parallel.For(0, 32, _ => PdfFonts.EnsureRegistered());
        var first = GlobalFontSettings.FontResolver;

        PdfFonts.EnsureRegistered();

        Assert.IsType<DejaVuFontResolver>(first);
        Assert.Same(first, GlobalFontSettings.FontResolver);
    }
}

using Sourcing.Orders.Billing;
using Sourcing.Orders.Billing.Receivables;

namespace Sourcing.Orders.Tests.Billing.Receivables;

public sealed class InvoiceNumberParserTests
{
    private readonly InvoiceNumberParser _parser = InvoiceNumberParser.For(new BillingOptions());

    [Theory]
    [InlineData("Rechnung RE-2026-000042 danke")]
    [InlineData("RE 2026 000042")]
    [InlineData("RE2026000042")]
    [InlineData("re-2026-42")]
    [InlineData("Re.Nr. RE/2026/42.")]
    public void Find_LooselyWrittenNumber_ReturnsPrintedForm(string text)
    {
        Assert.Equal(["RE-2026-000042"], _parser.Find(text));
    }

    [Fact]
    public void Find_SeveralNumbersAndRepeats_ReturnsEachOnceInOrder()
    {
        Assert.Equal(["RE-2026-000007", "MG-2026-000003", "RE-2025-000100"], _parser.Find("RE-2026-7, MG 2026 3 und RE2025000100 sowie RE-2026-000007"));
    }

    [Theory]
    [InlineData("PRE-2026-000042")]
    [InlineData("RE-2026-0000000000042")]
    [InlineData("RE-26-42")]
    [InlineData("RE-2026-000000")]
    [InlineData("GS-2026-000042")]
    [InlineData("")]
    public void Find_NoInvoiceNumber_ReturnsNothing(string text)
    {
        Assert.Empty(_parser.Find(text));
    }

    [Fact]
    public void Find_HugeText_LooksOnlyAtItsStart()
    {
        var text = new string('x', 100_000) + " RE-2026-000042";
        Assert.Empty(_parser.Find(text));
        Assert.Equal(["RE-2026-000042"], _parser.Find("RE-2026-000042 " + text));
    }
}

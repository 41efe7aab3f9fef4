using Sourcing.Orders.Billing.BankStatements;

namespace Sourcing.Orders.Tests.Billing.BankStatements;

public sealed class CamtAmountTests
{
    [Theory]
    [InlineData("1229.20", 2, 122_920L)]
    [InlineData("0.01", 2, 1L)]
    [InlineData("5", 2, 500L)]
    [InlineData("5.", 2, 500L)]
    [InlineData(".5", 2, 50L)]
    [InlineData("+7.10", 2, 710L)]
    [InlineData("000123.4", 2, 12_340L)]
    [InlineData("1235", 0, 1_235L)]
    [InlineData("1.234", 3, 1_234L)]
    [InlineData("10000000000000.00", 2, 1_000_000_000_000_000L)]
    [InlineData("0.30", 2, 30L)]
    public void TryParseMinor_DecimalText_GivesExactMinorUnits(string text, int digits, long expected)
    {
        Assert.Equal(expected, CamtAmount.TryParseMinor(text, digits, out var error));
        Assert.Equal("", error);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("12,50", "not a decimal")]
    [InlineData("1,234.50", "not a decimal")]
    [InlineData("1e3", "not a decimal")]
    [InlineData(".", "not a decimal")]
    [InlineData("NaN", "not a decimal")]
    [InlineData("-0.01", "negative")]
    [InlineData("0.001", "3 decimal places")]
    [InlineData("10000000000000.01", "larger than")]
    [InlineData("99999999999999999999999", "larger than")]
    public void TryParseMinor_BadText_IsRefusedWithReason(string text, string reason)
    {
        Assert.Null(CamtAmount.TryParseMinor(text, 2, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(122_920L, "EUR", "1229.20")]
    [InlineData(5L, "EUR", "0.05")]
    [InlineData(1_235L, "JPY", "1235")]
    public void Format_MinorUnits_WritesCamtDecimal(long minor, string currency, string expected) =>
        Assert.Equal(expected, CamtAmount.Format(minor, currency));
}

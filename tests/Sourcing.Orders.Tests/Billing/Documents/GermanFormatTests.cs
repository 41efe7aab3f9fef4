using Sourcing.Orders.Billing.Documents;

namespace Sourcing.Orders.Tests.Billing.Documents;

public sealed class GermanFormatTests
{
    [Theory]
    [InlineData(0L, "EUR", "0,00 €")]
    [InlineData(5L, "EUR", "0,05 €")]
    [InlineData(123_456L, "EUR", "1.234,56 €")]
    [InlineData(-123_456L, "EUR", "-1.234,56 €")]
    [InlineData(100_000_000_00L, "USD", "100.000.000,00 USD")]
    [InlineData(1_235L, "JPY", "1.235 JPY")]
    [InlineData(1_234L, "KWD", "1,234 KWD")]
    [InlineData(long.MaxValue, "EUR", "92.233.720.368.547.758,07 €")]
    [InlineData(long.MinValue, "EUR", "-92.233.720.368.547.758,08 €")]
    public void Money_MinorUnits_PrintsGermanStyleWithTheCurrencysDigits(long minor, string currency, string expected) =>
        Assert.Equal(expected, GermanFormat.Money(minor, currency));

    [Theory]
    [InlineData(1_900, "19 %")]
    [InlineData(700, "7 %")]
    [InlineData(550, "5,5 %")]
    [InlineData(0, "0 %")]
    public void Rate_BasisPoints_PrintsPercent(int basisPoints, string expected) =>
        Assert.Equal(expected, GermanFormat.Rate(basisPoints));

    [Fact]
    public void Money_NotACurrencyCode_Throws() =>
        Assert.Throws<ArgumentException>(() => GermanFormat.Money(1, "euro"));
}

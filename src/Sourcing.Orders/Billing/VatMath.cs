namespace Sourcing.Orders.Billing;

/// <summary>
/// The one rounding rule of billing. Prices are gross (VAT included, as the customer saw them). Each document line's
/// VAT is computed from the line's gross amount, gross × rate / (10,000 + rate), rounded half away from zero to the
/// minor unit; its net amount is gross − VAT. A document's totals and its VAT breakdown per rate are the sums of its
/// lines, so the printed figures always add up. Integer arithmetic only.
/// </summary>
public static class VatMath
{
    public const int MaxRateBasisPoints = 10_000;

    public static (long Net, long Vat) SplitGross(long grossMinor, int rateBasisPoints)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rateBasisPoints);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rateBasisPoints, MaxRateBasisPoints);
        var vat = DivideRoundingHalfAwayFromZero((Int128)grossMinor * rateBasisPoints, MaxRateBasisPoints + rateBasisPoints);
        return (grossMinor - vat, vat);
    }

    /// <summary>Basis-point share of an amount (e.g. a 2 % discount), rounded half away from zero.</summary>
    public static long Share(long amountMinor, int basisPoints) =>
        DivideRoundingHalfAwayFromZero((Int128)amountMinor * basisPoints, 10_000);

    private static long DivideRoundingHalfAwayFromZero(Int128 numerator, long denominator)
    {
        var quotient = Int128.DivRem(Int128.Abs(numerator), denominator);
        var rounded = quotient.Quotient + (quotient.Remainder * 2 >= denominator ? 1 : 0);
        return checked((long)(numerator < 0 ? -rounded : rounded));
    }
}

namespace Sourcing.Orders.Billing.Receivables;

/// <summary>
/// What a payment amount and currency may be. Refused input is never recorded: money that cannot be represented or
/// summed safely would break every balance it enters.
/// </summary>
public static class PaymentLimits
{
    /// <summary>10^15 minor units: sums of many such payments still fit in a long.</summary>
    public const long MaxAmountMinor = 1_000_000_000_000_000;

    /// <summary>Refuses amounts ≤ 0 or above <see cref="MaxAmountMinor"/> and currency codes ISO 4217 does not know.</summary>
    public static void Check(long amountMinor, string currency, string amountField = "amount_minor", string currencyField = "currency")
    {
        if (amountMinor <= 0 || amountMinor > MaxAmountMinor)
        {
            throw new ArgumentOutOfRangeException(amountField, amountMinor, $"A payment amount must be between 1 and {MaxAmountMinor} minor units.");
        }

        if (!IsoCurrencies.IsKnown(currency))
        {
            throw new ArgumentOutOfRangeException(currencyField, currency, "The currency must be an ISO 4217 code such as EUR.");
        }
    }
}

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
        if (AmountProblem(amountMinor) is { } amountProblem)
        {
            throw new ArgumentOutOfRangeException(amountField, amountMinor, amountProblem);
        }

        if (CurrencyProblem(currency) is { } currencyProblem)
        {
            throw new ArgumentOutOfRangeException(currencyField, currency, currencyProblem);
        }
    }

    public static string? AmountProblem(long amountMinor) =>
        amountMinor <= 0 || amountMinor > MaxAmountMinor ? $"a payment amount must be between 1 and {MaxAmountMinor} minor units" : null;

    /// <summary>
    /// A payment's external reference (unique, so indexed): a camt.053 entry's is the statement's Id and the entry's
    /// reference, each at most 35 characters by the schema; a longer one could not be indexed (PostgreSQL's b-tree
    /// entries hold about 2.7 kB) and is no bank's.
    /// </summary>
    public const int MaxReferenceLength = 128;

    public static string? ReferenceProblem(string reference) =>
        reference.Length > MaxReferenceLength ? $"the entry's reference (statement Id / AcctSvcrRef) is {reference.Length} characters long; a payment reference has at most {MaxReferenceLength}" : null;

    public static string? CurrencyProblem(string? currency) =>
        IsoCurrencies.IsKnown(currency) ? null : $"the currency '{currency}' is not an ISO 4217 code such as EUR";
}

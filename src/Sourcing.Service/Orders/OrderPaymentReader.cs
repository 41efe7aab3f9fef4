using Sourcing.Orders.Billing;
using Sourcing.Service.Errors;
using Sourcing.Service.Sourcing;
using Proto = Sourcing.V1;

namespace Sourcing.Service.Orders;

/// <summary>
/// Checks an order's payment: a method billing knows (it decides capture, prepayment hold and invoicing from it) and
/// the references that method cannot work without.
/// </summary>
internal static class OrderPaymentReader
{
    public const int MaxReferenceLength = 128;
    public const int MaxProviderLength = 64;

    /// <summary>The SEPA rulebook's bound for a mandate reference.</summary>
    public const int MaxMandateReferenceLength = 35;

    /// <summary>Card authorisations last days to weeks; a year ahead is a typo.</summary>
    private static readonly TimeSpan LatestExpiry = TimeSpan.FromDays(366);

    private static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <returns>When the authorisation lapses, if the channel said.</returns>
    public static DateTimeOffset? Read(ProblemList problems, Proto.OrderPayment payment, DateTimeOffset now)
    {
        var kind = PaymentMethods.ChannelMethods.Contains(payment.Method) ? PaymentMethods.KindOf(payment.Method) : null;
        if (kind is null)
        {
            problems.Add("payment.method", (payment.Method.Length == 0 ? "is required" : $"'{ProblemList.Printable(payment.Method.Length > 40 ? payment.Method[..40] + "..." : payment.Method)}' is not a payment method")
                + ": one of " + string.Join(", ", PaymentMethods.ChannelMethods));
        }

        problems.OptionalText("payment.provider", payment.Provider, MaxProviderLength);
        if (kind == PaymentMethodKind.Authorised)
        {
            // The capture on shipment names the authorisation: without it the provider cannot be asked for the money.
            problems.RequiredText("payment.reference", payment.Reference, MaxReferenceLength);
        }
        else
        {
            problems.OptionalText("payment.reference", payment.Reference, MaxReferenceLength);
        }

        if (kind == PaymentMethodKind.DirectDebit)
        {
            problems.RequiredText("payment.mandate_reference", payment.MandateReference, MaxMandateReferenceLength);
        }
        else
        {
            problems.OptionalText("payment.mandate_reference", payment.MandateReference, MaxMandateReferenceLength);
        }

        problems.InRange("payment.authorised_minor", payment.AuthorisedMinor, 0, OrderRequestReader.MaxAmountMinor);
        if (payment.AuthorisationExpiresAt is not { } expiry)
        {
            return null;
        }

        if (expiry.Seconds < -62_135_596_800 || expiry.Seconds > 253_402_300_799 || expiry.Nanos is < 0 or > 999_999_999)
        {
            problems.Add("payment.authorisation_expires_at", "is not a valid timestamp");
            return null;
        }

        var time = expiry.ToDateTimeOffset();
        if (time < Earliest || time > now + LatestExpiry)
        {
            problems.Add("payment.authorisation_expires_at", $"must be between {Earliest:yyyy-MM-dd} and one year from now, was {time:O}");
        }

        return time;
    }
}

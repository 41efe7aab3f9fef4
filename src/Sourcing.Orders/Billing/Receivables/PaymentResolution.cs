using Sourcing.Orders.Billing.Invoicing;

namespace Sourcing.Orders.Billing.Receivables;

/// <summary>
/// Whose money a payment is, decided before any account is held, from what the store found for the invoice numbers
/// it names: the customer given, else the customer of the first number found, else the customer of the order named.
/// Only that customer's invoices count as named (a payer quoting someone else's number pays nobody else's invoice).
/// </summary>
public static class PaymentResolution
{
    public static (string CustomerId, IReadOnlyList<string> NamedInvoiceIds) Resolve(
        string? customerId,
        IReadOnlyList<string> numbers,
        IReadOnlyDictionary<string, (string InvoiceId, string CustomerId)> invoices,
        string? orderCustomerId)
    {
        var found = numbers.Where(invoices.ContainsKey).Select(n => invoices[n]).ToList();
        var customer = !string.IsNullOrWhiteSpace(customerId) ? customerId
            : found.Select(i => i.CustomerId).FirstOrDefault() ?? orderCustomerId ?? "";
        var named = found.Where(i => i.CustomerId == customer).Select(i => i.InvoiceId).Distinct(StringComparer.Ordinal).ToList();
        return (customer, named);
    }

    /// <summary>The first named invoice in another currency than the payment: such money is left for a clerk.</summary>
    public static BillingDocument? InOtherCurrency(IReadOnlyDictionary<string, BillingDocument> invoices, string currency) =>
        invoices.Values.FirstOrDefault(d => !string.Equals(d.Currency, currency, StringComparison.Ordinal));

    public static Payment NewPayment(RecordPaymentCommand command, string actor, DateTimeOffset now) => new()
    {
        Id = DocumentIds.NewPaymentId(),
        Currency = command.Currency,
        AmountMinor = command.AmountMinor,
        UnallocatedMinor = command.AmountMinor,
        Source = command.Source,
        ExternalReference = command.Reference,
        ReceivedOn = command.ReceivedOn,
        RecordedAt = now,
        RecordedBy = actor,
        PayerName = command.PayerName ?? "",
        RemittanceInfo = command.RemittanceInfo ?? "",
        OrderId = command.OrderId ?? "",
    };

    /// <summary>Marks a payment as nobody's and says why, for the clerk's list and the feed.</summary>
    public static BillingEvent Unassign(Payment payment, string detail, DateTimeOffset now)
    {
        payment.CustomerId = "";
        payment.UnallocatedMinor = payment.AmountMinor;
        return new BillingEvent(BillingEventTypes.PaymentUnmatched, now, "", payment.OrderId, "", payment.Id, payment.AmountMinor, payment.Currency, detail);
    }

    public static string MismatchDetail(BillingDocument invoice, string currency, string customerId) =>
        $"currency {currency} differs from invoice {invoice.Number} ({invoice.Currency}), customer {customerId}";

    public const string NobodyDetail = "no customer or invoice found";
}

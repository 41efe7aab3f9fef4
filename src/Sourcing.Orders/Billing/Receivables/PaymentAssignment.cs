namespace Sourcing.Orders.Billing.Receivables;

/// <summary>
/// A clerk's assignment of a payment to a customer and invoices, decided on the held account. The payment must be
/// unassigned or already this customer's; the invoices must be this customer's and in the payment's currency.
/// </summary>
public static class PaymentAssignment
{
    public static PaymentOutcome Assign(BillingAccount account, string paymentId, IReadOnlyList<string> invoiceIds, ReceivablesContext context)
    {
        var payment = account.Payments.FirstOrDefault(p => p.Id == paymentId) ?? throw new BillingNotFoundException("Payment", paymentId);
        if (payment.CustomerId.Length > 0 && payment.CustomerId != account.CustomerId)
        {
            throw new BillingStateException("PAYMENT_OF_OTHER_CUSTOMER", $"Payment {paymentId} belongs to another customer.");
        }

        if (payment.AmountMinor <= 0 || payment.UnallocatedMinor <= 0)
        {
            throw new BillingStateException("PAYMENT_FULLY_ALLOCATED", $"Payment {paymentId} has no money left to assign.");
        }

        var items = new List<OpenItem>();
        foreach (var invoiceId in invoiceIds.Distinct(StringComparer.Ordinal))
        {
            var item = account.Items.FirstOrDefault(i => i.InvoiceId == invoiceId) ?? throw new BillingNotFoundException("Invoice", invoiceId);
            if (!string.Equals(item.Currency, payment.Currency, StringComparison.Ordinal))
            {
                throw new BillingStateException("CURRENCY_MISMATCH", $"Payment {paymentId} is in {payment.Currency}, invoice {item.Number} in {item.Currency}.");
            }

            items.Add(item);
        }

        if (payment.CustomerId.Length == 0)
        {
            payment.CustomerId = account.CustomerId;
            account.Touch(payment);
        }

        var allocations = new List<Allocation>();
        foreach (var item in AccountAllocations.OldestFirst(items))
        {
            var amount = Math.Min(payment.UnallocatedMinor, item.OpenMinor);
            if (amount > 0)
            {
                allocations.Add(AccountAllocations.Allocate(account, payment, item, amount, context.Actor, context.Now));
            }
        }

        var match = payment.UnallocatedMinor > 0 ? PaymentMatch.Overpaid : items.Any(i => i.OpenMinor > 0) ? PaymentMatch.Partial : PaymentMatch.Matched;
        return new PaymentOutcome(payment, allocations, match);
    }
}

using Sourcing.Orders.Billing.Invoicing;

namespace Sourcing.Orders.Billing.Receivables;

/// <summary>
/// Moving money from a payment onto an item, the one step every matching path ends in. It keeps the account's
/// figures consistent: the item's paid amount, the payment's unallocated amount, the payment history on the header and
/// the header's dunning level (which drops once the items that raised it are paid).
/// </summary>
public static class AccountAllocations
{
    /// <summary>An allocation marker for money matched by reference and amount rather than by a person.</summary>
    public const string Automatic = "auto";

    public static Allocation Allocate(BillingAccount account, Payment payment, OpenItem item, long amountMinor, string allocatedBy, DateTimeOffset now)
    {
        if (amountMinor <= 0 || amountMinor > payment.UnallocatedMinor || amountMinor > item.OpenMinor)
        {
            throw new BillingStateException("allocation_exceeds_open", $"{amountMinor} cannot be allocated from payment {payment.Id} ({payment.UnallocatedMinor} left) to {item.Number} ({item.OpenMinor} open).");
        }

        if (!string.Equals(payment.Currency, item.Currency, StringComparison.Ordinal))
        {
            throw new BillingStateException("CURRENCY_MISMATCH", $"Payment {payment.Id} is in {payment.Currency}, invoice {item.Number} in {item.Currency}.");
        }

        item.PaidMinor += amountMinor;
        payment.UnallocatedMinor -= amountMinor;
        account.Touch(item);
        account.Touch(payment);
        var allocation = new Allocation
        {
            Id = DocumentIds.NewAllocationId(),
            PaymentId = payment.Id,
            InvoiceId = item.InvoiceId,
            CustomerId = account.CustomerId,
            Currency = item.Currency,
            AmountMinor = amountMinor,
            AllocatedAt = now,
            AllocatedBy = allocatedBy,
        };
        account.AddAllocation(allocation);
        account.AddEvent(new BillingEvent(BillingEventTypes.PaymentAllocated, now, account.CustomerId, item.OrderId, item.InvoiceId, payment.Id, amountMinor, item.Currency, item.Number));
        MarkSettledIfPaid(account, item, payment.ReceivedOn);
        return allocation;
    }

    /// <summary>Records the day an item was paid in full and counts it (late or not) in the customer's payment history.</summary>
    public static void MarkSettledIfPaid(BillingAccount account, OpenItem item, DateOnly paidOn)
    {
        if (item.OpenMinor > 0 || item.SettledOn is not null)
        {
            return;
        }

        item.SettledOn = paidOn;
        account.Touch(item);
        account.Header.InvoicesPaid++;
        if (paidOn > item.DueDate)
        {
            account.Header.InvoicesPaidLate++;
        }

        account.TouchHeader();
    }

    /// <summary>Open items in the order money is applied to them: oldest first (issue day, then number).</summary>
    public static IEnumerable<OpenItem> OldestFirst(IEnumerable<OpenItem> items) =>
        items.OrderBy(i => i.IssuedOn).ThenBy(i => i.Number, StringComparer.Ordinal).ThenBy(i => i.InvoiceId, StringComparer.Ordinal);
}

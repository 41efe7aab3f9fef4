namespace Sourcing.Orders.Billing.Invoicing;

/// <summary>
/// The bookings a change makes on a held account, each keeping the ledger invariant (Σ invoices − Σ credits −
/// Σ allocations = Σ open amounts) and recording what the store must write.
/// </summary>
public static class AccountPostings
{
    /// <summary>"auto": an allocation the service made itself (a prepayment or capture settling its own invoice).</summary>
    public const string AutoAllocator = "auto";

    /// <summary>Issues an invoice: the document and its open item.</summary>
    public static OpenItem AddInvoice(BillingAccount account, BillingDocument invoice)
    {
        var item = new OpenItem
        {
            InvoiceId = invoice.Id,
            OrderId = invoice.OrderId,
            Purpose = invoice.Purpose,
            PaymentMethod = invoice.PaymentMethod,
            Currency = invoice.Currency,
            GrossMinor = invoice.GrossTotalMinor,
            IssuedOn = invoice.DocumentDate,
            DueDate = invoice.DueDate ?? invoice.DocumentDate,
            DiscountUntil = invoice.DiscountUntil,
            DiscountBasisPoints = invoice.Terms.DiscountBasisPoints,
        };
        account.AddDocument(invoice, item);
        return item;
    }

    /// <summary>
    /// Allocates up to <paramref name="maxMinor"/> of the payment's unallocated money to the item, never more than the
    /// item still has open. Returns the amount allocated (0 when nothing could be).
    /// </summary>
    public static long Allocate(BillingAccount account, Payment payment, OpenItem item, long maxMinor, string allocatedBy, DateTimeOffset now, DateOnly today)
    {
        if (payment.Currency != item.Currency)
        {
            throw new BillingStateException("CURRENCY_MISMATCH", $"Payment {payment.Id} is in {payment.Currency}, invoice {item.Number} in {item.Currency}.");
        }

        var amount = Math.Min(Math.Min(payment.UnallocatedMinor, item.OpenMinor), maxMinor);
        if (amount <= 0)
        {
            return 0;
        }

        payment.UnallocatedMinor -= amount;
        item.PaidMinor = checked(item.PaidMinor + amount);
        account.Touch(payment);
        account.Touch(item);
        account.AddAllocation(new Allocation
        {
            Id = DocumentIds.NewAllocationId(),
            PaymentId = payment.Id,
            InvoiceId = item.InvoiceId,
            CustomerId = account.CustomerId,
            Currency = item.Currency,
            AmountMinor = amount,
            AllocatedAt = now,
            AllocatedBy = allocatedBy,
        });
        account.AddEvent(new BillingEvent(BillingEventTypes.PaymentAllocated, now, account.CustomerId, item.OrderId, item.InvoiceId, payment.Id, amount, item.Currency, $"allocated by {allocatedBy}"));
        SettleIfPaid(account, item, today);
        return amount;
    }

    /// <summary>An item with nothing left open is settled; one paid (not merely credited) counts in the payment history.</summary>
    public static void SettleIfPaid(BillingAccount account, OpenItem item, DateOnly today)
    {
        if (item.OpenMinor > 0 || item.SettledOn is not null)
        {
            return;
        }

        item.SettledOn = today;
        account.Touch(item);
        if (item.PaidMinor > 0)
        {
            account.Header.InvoicesPaid++;
            if (today > item.DueDate)
            {
                account.Header.InvoicesPaidLate++;
            }

            account.TouchHeader();
        }
    }
}

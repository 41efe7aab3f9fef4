namespace Sourcing.Orders.Billing.Invoicing;

/// <summary>
/// Money a credit leaves paid beyond what the invoice still asks for, kept on the account as credit instead of paid
/// back: the invoice counts that much less as paid, and the payments that paid it (latest first) get it back as
/// unallocated money — a negative allocation each, so Σ payments − Σ allocated = Σ unallocated still holds, and the
/// invoice's open amount returns to 0 instead of going negative.
/// </summary>
public static class StoreCredit
{
    /// <summary>Grants up to <paramref name="amountMinor"/> as credit; returns how much was granted.</summary>
    /// <param name="allocations">The invoice's allocations as read before the change (the payments are loaded by id).</param>
    public static long Grant(BillingAccount account, OpenItem item, BillingDocument note, long amountMinor, IReadOnlyList<Allocation> allocations, DateTimeOffset now)
    {
        var left = Math.Min(amountMinor, item.PaidMinor);
        var granted = 0L;
        var byPayment = allocations
            .Where(a => a.InvoiceId == item.InvoiceId)
            .GroupBy(a => a.PaymentId, StringComparer.Ordinal)
            .Select(g => (PaymentId: g.Key, Net: g.Sum(a => a.AmountMinor), Latest: g.Max(a => a.AllocatedAt)))
            .Where(p => p.Net > 0)
            .OrderByDescending(p => p.Latest)
            .ThenByDescending(p => p.PaymentId, StringComparer.Ordinal);
        foreach (var (paymentId, net, _) in byPayment)
        {
            if (left == 0)
            {
                break;
            }

            if (account.Payments.FirstOrDefault(p => p.Id == paymentId) is not { } payment || payment.Currency != item.Currency)
            {
                continue;
            }

            var amount = Math.Min(net, left);
            payment.UnallocatedMinor = checked(payment.UnallocatedMinor + amount);
            item.PaidMinor -= amount;
            account.Touch(payment);
            account.Touch(item);
            account.AddAllocation(new Allocation
            {
                Id = DocumentIds.NewAllocationId(), PaymentId = payment.Id, InvoiceId = item.InvoiceId, CustomerId = account.CustomerId,
                Currency = item.Currency, AmountMinor = -amount, AllocatedAt = now, AllocatedBy = AccountPostings.AutoAllocator,
            });
            account.AddEvent(new BillingEvent(BillingEventTypes.PaymentAllocated, now, account.CustomerId, item.OrderId, item.InvoiceId, payment.Id,
                -amount, item.Currency, $"kept as store credit by credit note {note.Id}"));
            left -= amount;
            granted += amount;
        }

        if (granted > 0)
        {
            account.AddEvent(new BillingEvent(BillingEventTypes.StoreCreditGranted, now, account.CustomerId, item.OrderId, note.Id, "",
                granted, item.Currency, $"credit note {note.Id} of invoice {item.InvoiceId}"));
        }

        return granted;
    }
}

using Sourcing.Orders.Billing;
using Sourcing.Orders.Customers.Overview;

namespace Sourcing.Orders.Customers.Privacy;

/// <summary>
/// What still ties the customer to the business: an order not delivered or cancelled (its data is needed to finish
/// it), a return not closed, cancelled or expired, money owed or held as credit. Erasure waits until none is left.
/// </summary>
internal static class OpenBusiness
{
    /// <summary>How many open things the refusal names; the count says how many there are in all.</summary>
    private const int MaxNamed = 10;

    /// <summary>Throws CUSTOMER_HAS_OPEN_BUSINESS naming what is open; returns when nothing is.</summary>
    public static void EnsureNone(CustomerHoldings holdings)
    {
        var open = new List<string>();
        foreach (var order in holdings.Orders)
        {
            if (order.Status is not (OrderStatus.Delivered or OrderStatus.Cancelled))
            {
                open.Add($"order {order.Id} is {order.Status}");
            }

            open.AddRange(order.Document.Returns.Where(r => r.IsOpen).Select(r => $"return {r.Number} of order {order.Id} is {r.Status}"));
        }

        foreach (var account in holdings.Accounts)
        {
            foreach (var currency in account.Items.Select(i => i.Currency).Concat(account.Payments.Select(p => p.Currency)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                var owed = account.Items.Where(i => i.Currency == currency).Sum(i => i.OpenMinor);
                var credit = account.Payments.Where(p => p.Currency == currency).Sum(p => p.UnallocatedMinor);
                if (owed != 0)
                {
                    open.Add($"account {account.CustomerId} has {TimelineReader.Amount(owed, currency)} open");
                }

                if (credit != 0)
                {
                    open.Add($"account {account.CustomerId} holds {TimelineReader.Amount(credit, currency)} credit");
                }
            }
        }

        if (open.Count > 0)
        {
            throw new CustomerStateException("CUSTOMER_HAS_OPEN_BUSINESS", $"customer/{holdings.CustomerId}",
                $"Customer '{holdings.CustomerId}' cannot be erased while business is open ({open.Count} in all): " +
                string.Join("; ", open.Take(MaxNamed)) + (open.Count > MaxNamed ? "; …" : "") +
                ". Finish, cancel or settle these first; nothing was changed.");
        }
    }
}

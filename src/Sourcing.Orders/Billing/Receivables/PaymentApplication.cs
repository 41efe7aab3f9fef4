using Sourcing.Orders.Billing.Invoicing;

namespace Sourcing.Orders.Billing.Receivables;

/// <summary>What matching found for a payment before the account was held: the invoices it names and the order it is for.</summary>
/// <param name="InvoiceIds">Invoices of this customer the payment names (remittance text or explicitly), in the currency of the payment.</param>
/// <param name="Invoices">The documents of invoices that may take the early-payment discount (its credit note needs them).</param>
/// <param name="Prepayment">The order named by the payment when it is paid by prepayment.</param>
public sealed record PaymentTargets(
    IReadOnlyList<string> InvoiceIds,
    IReadOnlyDictionary<string, BillingDocument> Invoices,
    PrepaymentOrder? Prepayment)
{
    public static readonly PaymentTargets None = new([], new Dictionary<string, BillingDocument>(), null);
}

/// <summary>An order waiting for its prepayment: the payments naming it must reach its total.</summary>
public sealed record PrepaymentOrder(string OrderId, long TotalMinor, string Currency);

/// <summary>
/// Records a payment on a held account and applies it: to the invoices it names, oldest first, up to their open
/// amounts; without a reference to the customer's oldest open item of exactly its amount; the rest stays unallocated
/// (the customer's credit balance). A payment within the discount period of exactly the open amounts less the
/// discount settles those items, and the discount is credited (Skonto). Pure: decides on the account only.
/// </summary>
public static class PaymentApplication
{
    /// <summary>The reason text of the credit note for an early-payment discount taken.</summary>
    public const string SkontoReason = "Skonto";

    public static PaymentOutcome Apply(BillingAccount account, Payment payment, PaymentTargets targets, ReceivablesContext context)
    {
        payment.CustomerId = account.CustomerId;
        payment.UnallocatedMinor = payment.AmountMinor;
        account.AddPayment(payment);
        account.AddEvent(new BillingEvent(BillingEventTypes.PaymentReceived, context.Now, account.CustomerId, payment.OrderId, "", payment.Id, payment.AmountMinor, payment.Currency, payment.ExternalReference));

        var items = targets.InvoiceIds.Count > 0
            ? AccountAllocations.OldestFirst(account.Items.Where(i => targets.InvoiceIds.Contains(i.InvoiceId) && Payable(i, payment))).ToList()
            : ExactAmountMatch(account, payment, targets);

        var allocations = new List<Allocation>();
        var skonto = items.Count > 0 && TakesSkonto(items, payment, targets);
        foreach (var item in items)
        {
            var discount = skonto ? Discount(item, payment, targets) : 0;
            var amount = Math.Min(payment.UnallocatedMinor, item.OpenMinor - discount);
            if (amount <= 0)
            {
                break;
            }

            allocations.Add(AccountAllocations.Allocate(account, payment, item, amount, AccountAllocations.Automatic, context.Now));
            if (discount > 0)
            {
                CreditDiscount(account, item, discount, payment, targets, context);
            }
        }

        RaisePrepaymentReceived(account, payment, targets.Prepayment, context);
        var match = allocations.Count == 0 || payment.UnallocatedMinor > 0
            ? PaymentMatch.Overpaid
            : items.Any(i => i.OpenMinor > 0) ? PaymentMatch.Partial : PaymentMatch.Matched;
        return new PaymentOutcome(payment, allocations, match);
    }

    private static bool Payable(OpenItem item, Payment payment) =>
        item.OpenMinor > 0 && string.Equals(item.Currency, payment.Currency, StringComparison.Ordinal);

    /// <summary>Without a reference only an exact amount is trusted: the oldest item that is open for it (or for it less the discount).</summary>
    private static List<OpenItem> ExactAmountMatch(BillingAccount account, Payment payment, PaymentTargets targets)
    {
        var match = AccountAllocations.OldestFirst(account.Items.Where(i => Payable(i, payment)))
            .FirstOrDefault(i => i.OpenMinor == payment.AmountMinor || i.OpenMinor - Discount(i, payment, targets) == payment.AmountMinor);
        return match is null ? [] : [match];
    }

    /// <summary>
    /// The discount an item offers this payment: on or before DiscountUntil, a share of the invoice's gross. Only for
    /// an invoice at hand, since its credit note splits the discount over the invoice's VAT rates.
    /// </summary>
    private static long Discount(OpenItem item, Payment payment, PaymentTargets targets) =>
        item.DiscountBasisPoints > 0 && item.DiscountUntil is { } until && payment.ReceivedOn <= until && targets.Invoices.ContainsKey(item.InvoiceId)
            ? Math.Min(VatMath.Share(item.GrossMinor, item.DiscountBasisPoints), item.OpenMinor)
            : 0;

    /// <summary>The payment is exactly the named items' open amounts less the discounts they offer, and some offer one.</summary>
    private static bool TakesSkonto(IReadOnlyList<OpenItem> items, Payment payment, PaymentTargets targets)
    {
        var discounts = items.Sum(i => Discount(i, payment, targets));
        return discounts > 0 && items.Sum(i => i.OpenMinor) - discounts == payment.AmountMinor;
    }

    private static void CreditDiscount(BillingAccount account, OpenItem item, long discount, Payment payment, PaymentTargets targets, ReceivablesContext context)
    {
        if (!targets.Invoices.TryGetValue(item.InvoiceId, out var invoice))
        {
            throw new BillingStateException("invoice_not_loaded", $"Invoice {item.Number} is needed to credit the early-payment discount.");
        }

        var note = CreditNoteBuilder.ForAmount(invoice, discount, new CreditNoteReason($"skonto:{payment.Id}:{invoice.Id}", CreditReason.PriceAdjustment, SkontoReason), context.Options, context.Now);
        account.AddDocument(note, null);
        item.CreditedMinor += discount;
        account.Touch(item);
        account.AddEvent(new BillingEvent(BillingEventTypes.CreditNoteIssued, context.Now, account.CustomerId, item.OrderId, note.Id, payment.Id, discount, item.Currency, SkontoReason));
        AccountAllocations.MarkSettledIfPaid(account, item, payment.ReceivedOn);
    }

    /// <summary>
    /// Once the money left on payments naming a prepaid order covers its total, the order's hold can be released;
    /// said once, by the payment that crossed the total.
    /// </summary>
    private static void RaisePrepaymentReceived(BillingAccount account, Payment payment, PrepaymentOrder? order, ReceivablesContext context)
    {
        if (order is null || !string.Equals(payment.OrderId, order.OrderId, StringComparison.Ordinal) || !string.Equals(payment.Currency, order.Currency, StringComparison.Ordinal))
        {
            return;
        }

        var covered = account.Payments
            .Where(p => string.Equals(p.OrderId, order.OrderId, StringComparison.Ordinal) && string.Equals(p.Currency, order.Currency, StringComparison.Ordinal))
            .Sum(p => p.UnallocatedMinor);
        if (covered >= order.TotalMinor && covered - payment.UnallocatedMinor < order.TotalMinor)
        {
            account.AddEvent(new BillingEvent(BillingEventTypes.PrepaymentReceived, context.Now, account.CustomerId, order.OrderId, "", payment.Id, covered, order.Currency, ""));
        }
    }
}

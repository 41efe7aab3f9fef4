using Sourcing.Orders.Billing.Invoicing;
using Sourcing.Orders.Billing.Receivables;

namespace Sourcing.Orders.Billing.Dunning;

/// <summary>
/// One customer's dunning on a held account: raises each overdue item the one level its days past due reach, charges
/// one fee invoice (series MG, purpose DunningFee, 0 % VAT) for the highest level raised when that level has a fee,
/// and records dunning.level_raised with the items. Dunning fee invoices themselves are not dunned (no fees on fees).
/// Pure: decides on the account only. Running it twice on one day raises nothing more (the last notice is today).
/// </summary>
public static class DunningRun
{
    public static CustomerDunning Apply(BillingAccount account, DateOnly asOf, DunningLevels levels, ReceivablesContext context)
    {
        var raised = new List<(OpenItem Item, int Level)>();
        foreach (var item in AccountAllocations.OldestFirst(account.Items))
        {
            if (levels.NextFor(item, asOf) is { } next)
            {
                item.DunningLevel = next.Level;
                item.LastDunnedOn = asOf;
                account.Touch(item);
                raised.Add((item, next.Level));
            }
        }

        BillingDocument? fee = null;
        if (raised.Count > 0)
        {
            var top = raised.MaxBy(r => r.Level);
            var feeMinor = levels.FeeOf(top.Level);
            if (feeMinor > 0)
            {
                fee = FeeInvoice(account, top.Level, feeMinor, top.Item.Currency, raised.Where(r => r.Item.Currency == top.Item.Currency).Select(r => r.Item.Number), asOf, context);
                account.AddDocument(fee, ItemOf(fee));
                account.AddEvent(new BillingEvent(BillingEventTypes.InvoiceIssued, context.Now, account.CustomerId, "", fee.Id, "", fee.GrossTotalMinor, fee.Currency, "dunning fee"));
            }

            account.AddEvent(new BillingEvent(
                BillingEventTypes.DunningLevelRaised,
                context.Now,
                account.CustomerId,
                "",
                fee?.Id ?? "",
                "",
                raised.Sum(r => r.Item.OpenMinor),
                top.Item.Currency,
                string.Join(",", raised.Select(r => $"{r.Item.Number}:{r.Level}"))));
        }

        AccountAllocations.RefreshDunningLevel(account);
        return new CustomerDunning(account.CustomerId, raised.Select(r => (r.Item.Number, r.Level)).ToList(), fee);
    }

    /// <summary>One per customer and day: a repeated run finds the source key taken.</summary>
    public static string SourceKey(string customerId, DateOnly asOf) => $"dunning:{customerId}:{asOf:yyyy-MM-dd}";

    private static BillingDocument FeeInvoice(BillingAccount account, int level, long feeMinor, string currency, IEnumerable<string> numbers, DateOnly asOf, ReceivablesContext context)
    {
        var terms = new PaymentTerms { NetDays = context.Options.Terms.NetDays };
        var invoice = new BillingDocument
        {
            Id = DocumentIds.NewInvoiceId(),
            Kind = BillingDocumentKind.Invoice,
            Purpose = InvoicePurpose.DunningFee,
            Series = context.Options.DunningFeeSeries,
            Year = context.Today.Year,
            SourceKey = SourceKey(account.CustomerId, asOf),
            CustomerId = account.CustomerId,
            Currency = currency,
            IssuedAt = context.Now,
            DocumentDate = context.Today,
            DeliveryDate = context.Today,
            Seller = DocumentTotals.Copy(context.Options.Seller),
            Buyer = DocumentTotals.Copy(account.Header.Buyer),
            Lines = [DocumentTotals.Line(1, "", "", $"Mahngebühr Stufe {level} ({string.Join(", ", numbers)})", 1, feeMinor, 0)],
            PaymentMethod = PaymentMethods.Invoice,
            Terms = terms,
            DueDate = context.Today.AddDays(terms.NetDays),
        };
        DocumentTotals.Apply(invoice);
        return invoice;
    }

    private static OpenItem ItemOf(BillingDocument invoice) => new()
    {
        InvoiceId = invoice.Id,
        Purpose = InvoicePurpose.DunningFee,
        PaymentMethod = invoice.PaymentMethod,
        Currency = invoice.Currency,
        GrossMinor = invoice.GrossTotalMinor,
        IssuedOn = invoice.DocumentDate,
        DueDate = invoice.DueDate!.Value,
    };
}

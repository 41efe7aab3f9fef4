using System.Security.Cryptography;
using System.Text;
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
                fee = FeeInvoice(account, top.Level, feeMinor, top.Item.Currency, raised.Where(r => r.Item.Currency == top.Item.Currency).Select(r => r.Item.Number), SourceKey(account.CustomerId, asOf, raised), context);
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

        return new CustomerDunning(account.CustomerId, raised.Select(r => (r.Item.Number, r.Level)).ToList(), fee);
    }

    /// <summary>
    /// The customer, the run's day and the items raised with their levels: a concurrent copy of the same run charges
    /// the same key (and is refused), while a later run on the same day that raises other items (a run on request for
    /// an earlier day moved their last notice) charges its own fee instead of failing.
    /// </summary>
    public static string SourceKey(string customerId, DateOnly asOf, IEnumerable<(OpenItem Item, int Level)> raised)
    {
        var items = string.Join(",", raised.Select(r => $"{r.Item.InvoiceId}:{r.Level}").Order(StringComparer.Ordinal));
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(items)))[..16];
        return $"dunning:{customerId}:{asOf:yyyy-MM-dd}:{digest}";
    }

    private static BillingDocument FeeInvoice(BillingAccount account, int level, long feeMinor, string currency, IEnumerable<string> numbers, string sourceKey, ReceivablesContext context)
    {
        var terms = new PaymentTerms { NetDays = context.Options.Terms.NetDays };
        var invoice = new BillingDocument
        {
            Id = DocumentIds.NewInvoiceId(),
            Kind = BillingDocumentKind.Invoice,
            Purpose = InvoicePurpose.DunningFee,
            Series = context.Options.DunningFeeSeries,
            Year = context.Today.Year,
            SourceKey = sourceKey,
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

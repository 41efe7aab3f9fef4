namespace Sourcing.Orders.Billing.Receivables;

/// <summary>
/// The price-adjustment credit note for an early-payment discount a customer took. The discount reduces the price of
/// everything on the invoice alike, so it is split over the invoice's VAT rates in proportion to their gross amounts
/// (the last rate takes the rounding remainder) and each part's VAT is corrected with the invoice's rounding rule.
/// </summary>
public static class SkontoCreditNote
{
    public const string ReasonText = "Skonto";

    public static BillingDocument Build(BillingDocument invoice, long discountMinor, string paymentId, ReceivablesContext context)
    {
        var rates = invoice.VatTotals.Where(t => t.GrossMinor > 0).OrderBy(t => t.RateBasisPoints).ToList();
        if (rates.Count == 0)
        {
            rates = [new VatTotal { RateBasisPoints = 0, GrossMinor = invoice.GrossTotalMinor }];
        }

        var invoiceGross = rates.Sum(r => r.GrossMinor);
        var lines = new List<BillingDocumentLine>();
        var left = discountMinor;
        for (var index = 0; index < rates.Count; index++)
        {
            var share = index == rates.Count - 1 ? left : (long)((Int128)discountMinor * rates[index].GrossMinor / invoiceGross);
            left -= share;
            if (share == 0)
            {
                continue;
            }

            var (net, vat) = VatMath.SplitGross(share, rates[index].RateBasisPoints);
            lines.Add(new BillingDocumentLine
            {
                Position = lines.Count + 1,
                Description = $"Skonto {Percent(invoice.Terms.DiscountBasisPoints)} % auf {invoice.Number} ({Percent(rates[index].RateBasisPoints)} % USt)",
                Quantity = 1,
                UnitGrossMinor = share,
                VatRateBasisPoints = rates[index].RateBasisPoints,
                NetMinor = net,
                VatMinor = vat,
                GrossMinor = share,
            });
        }

        return new BillingDocument
        {
            Id = BillingIds.NewCreditNote(),
            Kind = BillingDocumentKind.CreditNote,
            Series = context.Options.CreditNoteSeries,
            Year = context.Today.Year,
            SourceKey = $"skonto:{paymentId}:{invoice.Id}",
            CustomerId = invoice.CustomerId,
            OrderId = invoice.OrderId,
            Channel = invoice.Channel,
            ExternalOrderNumber = invoice.ExternalOrderNumber,
            ShipmentId = invoice.ShipmentId,
            Currency = invoice.Currency,
            IssuedAt = context.Now,
            DocumentDate = context.Today,
            DeliveryDate = invoice.DeliveryDate,
            Seller = invoice.Seller,
            Buyer = invoice.Buyer,
            Lines = lines,
            VatTotals = lines.GroupBy(l => l.VatRateBasisPoints).Select(g => new VatTotal
            {
                RateBasisPoints = g.Key,
                NetMinor = g.Sum(l => l.NetMinor),
                VatMinor = g.Sum(l => l.VatMinor),
                GrossMinor = g.Sum(l => l.GrossMinor),
            }).ToList(),
            NetTotalMinor = lines.Sum(l => l.NetMinor),
            VatTotalMinor = lines.Sum(l => l.VatMinor),
            GrossTotalMinor = discountMinor,
            PaymentMethod = invoice.PaymentMethod,
            CorrectsInvoiceId = invoice.Id,
            CorrectsInvoiceNumber = invoice.Number,
            CreditReason = Billing.CreditReason.PriceAdjustment,
            ReasonText = ReasonText,
        };
    }

    private static string Percent(int basisPoints) =>
        basisPoints % 100 == 0 ? $"{basisPoints / 100}" : $"{basisPoints / 100},{basisPoints % 100:D2}";
}

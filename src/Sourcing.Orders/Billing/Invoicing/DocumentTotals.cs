namespace Sourcing.Orders.Billing.Invoicing;

/// <summary>Fills a document's VAT breakdown and totals as the sums of its lines (checked: an overflow is an error, not a wrap).</summary>
internal static class DocumentTotals
{
    public static void Apply(BillingDocument document)
    {
        document.VatTotals = document.Lines
            .GroupBy(l => l.VatRateBasisPoints)
            .OrderByDescending(g => g.Key)
            .Select(g => new VatTotal
            {
                RateBasisPoints = g.Key,
                NetMinor = g.Aggregate(0L, (sum, l) => checked(sum + l.NetMinor)),
                VatMinor = g.Aggregate(0L, (sum, l) => checked(sum + l.VatMinor)),
                GrossMinor = g.Aggregate(0L, (sum, l) => checked(sum + l.GrossMinor)),
            })
            .ToList();
        document.NetTotalMinor = document.VatTotals.Aggregate(0L, (sum, t) => checked(sum + t.NetMinor));
        document.VatTotalMinor = document.VatTotals.Aggregate(0L, (sum, t) => checked(sum + t.VatMinor));
        document.GrossTotalMinor = document.VatTotals.Aggregate(0L, (sum, t) => checked(sum + t.GrossMinor));
    }

    /// <summary>A line of <paramref name="quantity"/> units at <paramref name="unitGrossMinor"/>, its VAT split from the line's gross.</summary>
    public static BillingDocumentLine Line(int position, string lineId, string sku, string description, int quantity, long unitGrossMinor, int rateBasisPoints)
    {
        var gross = checked(quantity * unitGrossMinor);
        var (net, vat) = VatMath.SplitGross(gross, rateBasisPoints);
        return new BillingDocumentLine
        {
            Position = position,
            LineId = lineId,
            Sku = sku,
            Description = description,
            Quantity = quantity,
            UnitGrossMinor = unitGrossMinor,
            VatRateBasisPoints = rateBasisPoints,
            NetMinor = net,
            VatMinor = vat,
            GrossMinor = gross,
        };
    }

    public static BillingParty Copy(BillingParty party) => new()
    {
        Name = party.Name,
        Street = party.Street,
        PostalCode = party.PostalCode,
        City = party.City,
        Country = party.Country,
        VatId = party.VatId,
        TaxNumber = party.TaxNumber,
        Email = party.Email,
    };
}

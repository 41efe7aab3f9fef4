using Sourcing.Orders.Billing;

namespace Sourcing.Orders.Tests.Billing.Documents;

/// <summary>Issued invoices and credit notes as the billing domain builds them (figures through VatMath, totals the sums of lines).</summary>
internal static class TestDocuments
{
    public static BillingOptions Options() => new()
    {
        Seller = Seller(),
        BankIban = "DE89370400440532013000",
        BankBic = "COBADEFFXXX",
    };

    public static BillingParty Seller() => new()
    {
        Name = "Nordlicht Handels GmbH",
        Street = "Hafenstraße 12",
        PostalCode = "20457",
        City = "Hamburg",
        VatId = "DE123456789",
        TaxNumber = "27/123/45678",
        Email = "rechnung@nordlicht.example",
    };

    /// <summary>60 T-shirts at 19 %, a book at 7 % and shipping at 19 %: gross 1.229,20 €.</summary>
    public static BillingDocument Invoice() => Build(
        BillingDocumentKind.Invoice,
        "RE-2026-000042",
        [
            ("TSHIRT-BLK-M", "T-Shirt schwarz, Größe M", 60, 1_999, 1_900),
            ("BUCH-978-3-16", "Fachbuch Logistik", 1, 2_490, 700),
            ("VERSAND", "Versandkosten", 1, 490, 1_900),
        ]);

    public static BillingDocument CreditNote()
    {
        var document = Build(
            BillingDocumentKind.CreditNote,
            "GS-2026-000007",
            [("TSHIRT-BLK-M", "T-Shirt schwarz, Größe M", 2, 1_999, 1_900)]);
        document.CorrectsInvoiceId = "inv_0195";
        document.CorrectsInvoiceNumber = "RE-2026-000042";
        document.CreditReason = CreditReason.Return;
        document.ReasonText = "Artikel zurückgesandt";
        document.DueDate = null;
        document.DiscountUntil = null;
        return document;
    }

    public static BillingDocument LongInvoice(int lines) => Build(
        BillingDocumentKind.Invoice,
        "RE-2026-000500",
        Enumerable.Range(1, lines)
            .Select(i => ($"SKU-{i:D5}", $"Artikel Nummer {i}", 1 + i % 3, 100L * i + 99, i % 2 == 0 ? 700 : 1_900))
            .ToList());

    private static BillingDocument Build(
        BillingDocumentKind kind, string number, List<(string Sku, string Description, int Quantity, long UnitGross, int Rate)> lines)
    {
        var document = new BillingDocument
        {
            Id = kind == BillingDocumentKind.Invoice ? "inv_0195" : "gs_0196",
            Kind = kind,
            Series = number[..2],
            Year = 2026,
            Number = number,
            CustomerId = "cust-4711",
            OrderId = "ord_1",
            ExternalOrderNumber = "SHOP-100234",
            Currency = "EUR",
            IssuedAt = new DateTimeOffset(2026, 11, 27, 9, 30, 0, TimeSpan.Zero),
            DocumentDate = new DateOnly(2026, 11, 27),
            DeliveryDate = new DateOnly(2026, 11, 26),
            Seller = Seller(),
            Buyer = new BillingParty { Name = "Erika Mustermann", Street = "Heidestraße 17", PostalCode = "51147", City = "Köln" },
            PaymentMethod = "invoice",
            Terms = new PaymentTerms { NetDays = 14, DiscountDays = 7, DiscountBasisPoints = 200 },
            DueDate = new DateOnly(2026, 12, 11),
            DiscountUntil = new DateOnly(2026, 12, 4),
        };

        var position = 0;
        foreach (var (sku, description, quantity, unitGross, rate) in lines)
        {
            var gross = unitGross * quantity;
            var (net, vat) = VatMath.SplitGross(gross, rate);
            document.Lines.Add(new BillingDocumentLine
            {
                Position = ++position, Sku = sku, Description = description, Quantity = quantity,
                UnitGrossMinor = unitGross, VatRateBasisPoints = rate, NetMinor = net, VatMinor = vat, GrossMinor = gross,
            });
        }

        document.VatTotals = document.Lines
            .GroupBy(l => l.VatRateBasisPoints)
            .Select(g => new VatTotal { RateBasisPoints = g.Key, NetMinor = g.Sum(l => l.NetMinor), VatMinor = g.Sum(l => l.VatMinor), GrossMinor = g.Sum(l => l.GrossMinor) })
            .ToList();
        document.NetTotalMinor = document.Lines.Sum(l => l.NetMinor);
        document.VatTotalMinor = document.Lines.Sum(l => l.VatMinor);
        document.GrossTotalMinor = document.Lines.Sum(l => l.GrossMinor);
        return document;
    }
}

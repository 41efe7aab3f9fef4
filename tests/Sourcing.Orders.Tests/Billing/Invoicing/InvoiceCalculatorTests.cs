using Sourcing.Orders.Billing;
using Sourcing.Orders.Billing.Invoicing;
using static Sourcing.Orders.Tests.Billing.Invoicing.InvoicingTestData;

namespace Sourcing.Orders.Tests.Billing.Invoicing;

public sealed class InvoiceCalculatorTests
{
    [Fact]
    public void ForShipment_LinesAtNineteenSevenAndZeroPercent_VatPerLineAndTotalsAreSums()
    {
        var order = Order(0, ("L1", 1999, 1900, 3), ("L2", 1000, 700, 1), ("L3", 500, 0, 2));
        var shipment = Ship(order, "S1", ShippedAt, ("L1", 3), ("L2", 1), ("L3", 2));

        var invoice = InvoiceCalculator.ForShipment(order, shipment, Options(), ShippedAt);

        // 5997 × 19/119 = 957.504 → 958; 1000 × 7/107 = 65.42 → 65; 0 % → 0.
        Assert.Equal([(1, 3, 5997L, 958L, 5039L, 1900), (2, 1, 1000L, 65L, 935L, 700), (3, 2, 1000L, 0L, 1000L, 0)],
            invoice.Lines.Select(l => (l.Position, l.Quantity, l.GrossMinor, l.VatMinor, l.NetMinor, l.VatRateBasisPoints)));
        Assert.Equal([(1900, 5039L, 958L, 5997L), (700, 935L, 65L, 1000L), (0, 1000L, 0L, 1000L)],
            invoice.VatTotals.Select(t => (t.RateBasisPoints, t.NetMinor, t.VatMinor, t.GrossMinor)));
        Assert.Equal((6974L, 1023L, 7997L), (invoice.NetTotalMinor, invoice.VatTotalMinor, invoice.GrossTotalMinor));
    }

    [Fact]
    public void ForShipment_SmallLines_VatRoundedPerLineNotOnTheTotal()
    {
        // Each 3-cent line has 0.48 cent VAT → 0; rounding the 6-cent total would have given 1.
        var order = Order(0, ("L1", 3, 1900, 1), ("L2", 3, 1900, 1));
        var shipment = Ship(order, "S1", ShippedAt, ("L1", 1), ("L2", 1));

        var invoice = InvoiceCalculator.ForShipment(order, shipment, Options(), ShippedAt);

        Assert.All(invoice.Lines, l => Assert.Equal(0, l.VatMinor));
        Assert.Equal(0, invoice.VatTotalMinor);
        Assert.Equal(6, invoice.NetTotalMinor);
    }

    [Fact]
    public void ForShipment_FirstShipment_CarriesShippingAtTheHighestRateOfItsGoods()
    {
        var order = Order(495, ("L1", 1000, 700, 1), ("L2", 2000, 1900, 1));
        var first = Ship(order, "S1", ShippedAt, ("L1", 1), ("L2", 1));
        Ship(order, "S2", ShippedAt.AddDays(1), ("L1", 1));

        var invoice = InvoiceCalculator.ForShipment(order, first, Options(), ShippedAt);

        var shipping = Assert.Single(invoice.Lines, l => l.Description == InvoiceCalculator.ShippingDescription);
        // 495 × 19/119 = 79.03 → 79.
        Assert.Equal((1900, 495L, 79L, 416L, 3), (shipping.VatRateBasisPoints, shipping.GrossMinor, shipping.VatMinor, shipping.NetMinor, shipping.Position));
        Assert.Equal(3495, invoice.GrossTotalMinor);
        Assert.Equal(invoice.Lines.Sum(l => l.GrossMinor), invoice.GrossTotalMinor);
    }

    [Fact]
    public void ForShipment_FirstShipmentOnlySevenPercentGoods_ShippingAtSevenPercent()
    {
        var order = Order(495, ("L1", 1000, 700, 1), ("L2", 2000, 1900, 1));
        var first = Ship(order, "S1", ShippedAt, ("L1", 1));

        var invoice = InvoiceCalculator.ForShipment(order, first, Options(), ShippedAt);

        Assert.Equal(700, invoice.Lines.Single(l => l.Description == InvoiceCalculator.ShippingDescription).VatRateBasisPoints);
    }

    [Fact]
    public void ForShipment_LaterShipment_BillsOnlyItsUnitsWithoutShipping()
    {
        var order = Order(495, ("L1", 1000, 1900, 5));
        Ship(order, "S1", ShippedAt, ("L1", 2));
        var second = Ship(order, "S2", ShippedAt.AddDays(1), ("L1", 3));

        var invoice = InvoiceCalculator.ForShipment(order, second, Options(), ShippedAt.AddDays(1));

        var line = Assert.Single(invoice.Lines);
        Assert.Equal((3, 1000L, 3000L), (line.Quantity, line.UnitGrossMinor, line.GrossMinor));
        Assert.Equal(("shipment:S2", "S2"), (invoice.SourceKey, invoice.ShipmentId));
    }

    [Fact]
    public void ForOrder_TwoShipments_OneInvoiceForAllShippedUnitsWithShippingAndTheLastDeliveryDay()
    {
        var order = Order(495, ("L1", 1000, 1900, 5), ("L2", 250, 700, 1));
        Ship(order, "S1", ShippedAt, ("L1", 2));
        Ship(order, "S2", ShippedAt.AddDays(2), ("L1", 3), ("L2", 1));

        var invoice = InvoiceCalculator.ForOrder(order, Options(), ShippedAt.AddDays(2));

        Assert.Equal([("L1", 5), ("L2", 1), ("", 1)], invoice.Lines.Select(l => (l.LineId, l.Quantity)));
        Assert.Equal(5000 + 250 + 495, invoice.GrossTotalMinor);
        Assert.Equal(("order:O-1", ""), (invoice.SourceKey, invoice.ShipmentId));
        Assert.Equal(new DateOnly(2026, 3, 3), invoice.DeliveryDate);
    }

    [Fact]
    public void ForShipment_IssuedLateEveningUtc_DatesAreTheSellersLocalDaysWithTerms()
    {
        var order = Order(0, ("L1", 1000, 1900, 1));
        var shipment = Ship(order, "S1", new DateTimeOffset(2026, 3, 1, 22, 30, 0, TimeSpan.Zero), ("L1", 1));

        var invoice = InvoiceCalculator.ForShipment(order, shipment, Options(), new DateTimeOffset(2026, 12, 31, 23, 30, 0, TimeSpan.Zero));

        // 23:30 UTC is already the next day in Berlin (UTC+1 in winter): the document date and its year follow Berlin.
        Assert.Equal(new DateOnly(2027, 1, 1), invoice.DocumentDate);
        Assert.Equal(2027, invoice.Year);
        Assert.Equal(new DateOnly(2026, 3, 1), invoice.DeliveryDate);
        Assert.Equal(new DateOnly(2027, 1, 15), invoice.DueDate);
        Assert.Equal(new DateOnly(2027, 1, 8), invoice.DiscountUntil);
    }

    [Fact]
    public void ForShipment_Parties_SellerFromOptionsBuyerFromBillingAddressWithEmail()
    {
        var order = Order(0, ("L1", 1000, 1900, 1));
        var shipment = Ship(order, "S1", ShippedAt, ("L1", 1));

        var invoice = InvoiceCalculator.ForShipment(order, shipment, Options(), ShippedAt);

        Assert.Equal(("Sourcing GmbH", "DE123456789"), (invoice.Seller.Name, invoice.Seller.VatId));
        Assert.Equal(("Kim Berg", "Alsterweg 2", "kim@example.com"), (invoice.Buyer.Name, invoice.Buyer.Street, invoice.Buyer.Email));
        Assert.Equal((BillingDocumentKind.Invoice, "RE", "C-1", "O-1", "", 0L), (invoice.Kind, invoice.Series, invoice.CustomerId, invoice.OrderId, invoice.Number, invoice.Sequence));
        Assert.StartsWith("inv_", invoice.Id);
    }

    [Fact]
    public void ForShipment_NoBillingAddress_BuyerIsTheShippingAddress()
    {
        var order = Order(0, ("L1", 1000, 1900, 1));
        order.BillingAddress = new PostalAddress();
        var shipment = Ship(order, "S1", ShippedAt, ("L1", 1));

        var invoice = InvoiceCalculator.ForShipment(order, shipment, Options(), ShippedAt);

        Assert.Equal(("Kim Berg (Büro)", "Kai 9"), (invoice.Buyer.Name, invoice.Buyer.Street));
    }

    [Fact]
    public void ForShipment_AmountsBeyondLong_ThrowInsteadOfWrapping()
    {
        var order = Order(0, ("L1", long.MaxValue / 2, 0, 3));
        var shipment = Ship(order, "S1", ShippedAt, ("L1", 3));

        Assert.Throws<OverflowException>(() => InvoiceCalculator.ForShipment(order, shipment, Options(), ShippedAt));
    }
}

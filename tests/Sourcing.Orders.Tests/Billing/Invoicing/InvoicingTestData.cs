using Sourcing.Orders.Billing;

namespace Sourcing.Orders.Tests.Billing.Invoicing;

/// <summary>Orders with shipments already recorded, as the calculator reads them.</summary>
internal static class InvoicingTestData
{
    public static readonly DateTimeOffset ShippedAt = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    public static BillingOptions Options() => new()
    {
        Seller = new BillingParty { Name = "Sourcing GmbH", Street = "Hafenstr. 1", PostalCode = "20457", City = "Hamburg", VatId = "DE123456789" },
    };

    /// <summary>Lines (id, unit gross, VAT rate, quantity); no shipment yet.</summary>
    public static OrderDocument Order(long shippingMinor, params (string LineId, long UnitGross, int Rate, int Quantity)[] lines) => new()
    {
        OrderId = "O-1",
        Channel = "web",
        ExternalOrderNumber = "EXT-1",
        Currency = "EUR",
        PaymentMethod = "invoice",
        ShippingChargeMinor = shippingMinor,
        Customer = new OrderCustomer { Id = "C-1", Email = "kim@example.com" },
        BillingAddress = new PostalAddress { Name = "Kim Berg", Street = "Alsterweg 2", PostalCode = "22085", City = "Hamburg" },
        ShippingAddress = new PostalAddress { Name = "Kim Berg (Büro)", Street = "Kai 9", PostalCode = "20095", City = "Hamburg" },
        Lines = lines.Select(l => new OrderLine { LineId = l.LineId, Sku = "SKU-" + l.LineId, Quantity = l.Quantity, UnitPriceMinor = l.UnitGross, TaxRateBasisPoints = l.Rate }).ToList(),
    };

    public static Shipment Ship(OrderDocument order, string shipmentId, DateTimeOffset at, params (string LineId, int Quantity)[] lines)
    {
        var shipment = new Shipment
        {
            Id = shipmentId,
            FulfilmentOrderId = "F-" + shipmentId,
            LocationId = "LOC-A",
            ShippedAt = at,
            Lines = lines.Select(l => new ShipmentLine { LineId = l.LineId, Quantity = l.Quantity }).ToList(),
        };
        order.Shipments.Add(shipment);
        return shipment;
    }
}

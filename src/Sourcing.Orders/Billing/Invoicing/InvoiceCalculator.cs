namespace Sourcing.Orders.Billing.Invoicing;

/// <summary>
/// Computes the invoice an order's shipment (or, in per-order mode, the whole shipped order) calls for, unnumbered:
/// the store assigns the number when it issues it. Pure: the same order, shipment, options and instant give the same
/// figures. Order prices are gross; each line's VAT is split from the line's gross (<see cref="VatMath"/>). The order's
/// shipping charge goes on its first invoice, taxed at the highest VAT rate of the goods on that invoice.
/// </summary>
public static class InvoiceCalculator
{
    public const string ShippingDescription = "Shipping";

    public static string ShipmentSourceKey(string shipmentId) => "shipment:" + shipmentId;

    public static string OrderSourceKey(string orderId) => "order:" + orderId;

    public static string ReturnChargeSourceKey(string returnId) => "return-charge:" + returnId;

    /// <summary>
    /// The invoice for units of a return sent or refunded ahead that never came back: the lines as given (the price
    /// they were invoiced at), on account ("invoice", due by the normal terms) whatever the order was paid with — the
    /// original payment's authorisation is long spent.
    /// </summary>
    public static BillingDocument ForReturnCharge(OrderDocument order, string returnId, IReadOnlyList<ReturnChargeLine> charged, BillingOptions options, DateTimeOffset issuedAt)
    {
        var lines = charged
            .Select((l, index) => DocumentTotals.Line(index + 1, l.LineId, l.Sku, l.Description, l.Quantity, l.UnitGrossMinor, l.VatRateBasisPoints))
            .ToList();
        var document = Document(order, lines, options, issuedAt, issuedAt);
        document.Purpose = InvoicePurpose.ReturnCharge;
        document.PaymentMethod = PaymentMethods.Invoice;
        document.SourceKey = ReturnChargeSourceKey(returnId);
        return document;
    }

    /// <summary>The invoice for one shipment; the order's first shipment also carries the shipping charge.</summary>
    public static BillingDocument ForShipment(OrderDocument order, Shipment shipment, BillingOptions options, DateTimeOffset issuedAt)
    {
        var quantities = shipment.Lines
            .GroupBy(l => l.LineId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity), StringComparer.Ordinal);
        var isFirstShipment = order.Shipments.Count > 0 && order.Shipments[0].Id == shipment.Id;
        var document = Build(order, quantities, isFirstShipment, options, issuedAt, shipment.ShippedAt);
        document.SourceKey = ShipmentSourceKey(shipment.Id);
        document.ShipmentId = shipment.Id;
        return document;
    }

    /// <summary>One invoice for everything the order shipped, with the shipping charge; delivery date = the last shipment's day.</summary>
    public static BillingDocument ForOrder(OrderDocument order, BillingOptions options, DateTimeOffset issuedAt)
    {
        if (order.Shipments.Count == 0)
        {
            throw new InvalidOperationException($"Order {order.OrderId} has shipped nothing to invoice.");
        }

        var quantities = order.Shipments
            .SelectMany(s => s.Lines)
            .GroupBy(l => l.LineId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity), StringComparer.Ordinal);
        var document = Build(order, quantities, includeShipping: true, options, issuedAt, order.Shipments.Max(s => s.ShippedAt));
        document.SourceKey = OrderSourceKey(order.OrderId);
        return document;
    }

    private static BillingDocument Build(
        OrderDocument order, IReadOnlyDictionary<string, int> shippedByLine, bool includeShipping, BillingOptions options, DateTimeOffset issuedAt, DateTimeOffset shippedAt)
    {
        var lines = new List<BillingDocumentLine>();
        foreach (var orderLine in order.Lines)
        {
            var quantity = shippedByLine.GetValueOrDefault(orderLine.LineId);
            if (quantity > 0)
            {
                lines.Add(DocumentTotals.Line(lines.Count + 1, orderLine.LineId, orderLine.Sku, orderLine.Sku, quantity, orderLine.UnitPriceMinor, orderLine.TaxRateBasisPoints));
            }
        }

        if (lines.Count == 0)
        {
            throw new InvalidOperationException($"Order {order.OrderId}: the shipment bills no line of the order.");
        }

        if (includeShipping && order.ShippingChargeMinor > 0)
        {
            var highestRate = lines.Max(l => l.VatRateBasisPoints);
            lines.Add(DocumentTotals.Line(lines.Count + 1, "", "", ShippingDescription, 1, order.ShippingChargeMinor, highestRate));
        }

        return Document(order, lines, options, issuedAt, shippedAt);
    }

    private static BillingDocument Document(OrderDocument order, List<BillingDocumentLine> lines, BillingOptions options, DateTimeOffset issuedAt, DateTimeOffset shippedAt)
    {
        var documentDate = SellerCalendar.LocalDay(options, issuedAt);
        var terms = new PaymentTerms
        {
            NetDays = options.Terms.NetDays,
            DiscountDays = options.Terms.DiscountDays,
            DiscountBasisPoints = options.Terms.DiscountBasisPoints,
        };
        var document = new BillingDocument
        {
            Id = DocumentIds.NewInvoiceId(),
            Kind = BillingDocumentKind.Invoice,
            Purpose = InvoicePurpose.Goods,
            Series = options.InvoiceSeries,
            Year = documentDate.Year,
            CustomerId = order.Customer.Id,
            OrderId = order.OrderId,
            Channel = order.Channel,
            ExternalOrderNumber = order.ExternalOrderNumber,
            Currency = order.Currency,
            IssuedAt = issuedAt,
            DocumentDate = documentDate,
            DeliveryDate = SellerCalendar.LocalDay(options, shippedAt),
            Seller = DocumentTotals.Copy(options.Seller),
            Buyer = Buyer(order),
            Lines = lines,
            PaymentMethod = order.PaymentMethod,
            Terms = terms,
            DueDate = documentDate.AddDays(terms.NetDays),
            DiscountUntil = terms.DiscountBasisPoints > 0 ? documentDate.AddDays(terms.DiscountDays) : null,
        };
        DocumentTotals.Apply(document);
        return document;
    }

    /// <summary>The billing address; an order that gave none (empty name and street) is billed to its shipping address.</summary>
    private static BillingParty Buyer(OrderDocument order)
    {
        var address = order.BillingAddress.Name.Length > 0 || order.BillingAddress.Street.Length > 0 ? order.BillingAddress : order.ShippingAddress;
        return new BillingParty
        {
            Name = address.Name,
            Street = address.Street,
            PostalCode = address.PostalCode,
            City = address.City,
            Country = address.Country,
            Email = order.Customer.Email,
        };
    }
}

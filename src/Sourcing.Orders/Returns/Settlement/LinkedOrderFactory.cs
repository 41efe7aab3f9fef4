using Sourcing.Orders.Billing;
using Sourcing.Orders.Storage.Postgres;

namespace Sourcing.Orders.Returns.Settlement;

/// <summary>
/// The exchange or replacement order of a return: the original's channel, customer and addresses, the return's lines
/// (the exchange SKU, or the same SKU) at price 0 with no shipping charge, paid with nothing (no_charge), linked back
/// to the return. Its request id is derived from the return, so creating it again after a crash finds the first one.
/// </summary>
public static class LinkedOrderFactory
{
    public static string RequestId(ReturnAuthorisation rma) => "return-order:" + rma.Id;

    public static CreateOrderCommand Command(OrderDocument original, ReturnAuthorisation rma)
    {
        var document = new OrderDocument
        {
            OrderId = "O-" + Guid.CreateVersion7().ToString("N"),
            Channel = original.Channel,
            ExternalOrderNumber = ExternalOrderNumber(original, rma),
            Customer = Copy(original.Customer),
            ShippingAddress = Copy(original.ShippingAddress),
            BillingAddress = Copy(original.BillingAddress),
            Latitude = original.Latitude,
            Longitude = original.Longitude,
            Currency = original.Currency,
            DeliveryMethod = original.DeliveryMethod,
            PickupLocationId = original.PickupLocationId,
            ShippingChargeMinor = 0,
            PaymentMethod = PaymentMethods.NoCharge,
            PlacedAt = rma.LinkedOrder?.DecidedAt ?? rma.UpdatedAt,
            Lines = rma.Lines.Select(line =>
            {
                var originalLine = original.Lines.First(l => l.LineId == line.LineId);
                return new OrderLine
                {
                    // The original's line id: what was exchanged for what reads off the two orders side by side.
                    LineId = line.LineId,
                    Sku = line.ExchangeSku.Length > 0 ? line.ExchangeSku : line.Sku,
                    Quantity = line.Quantity,
                    UnitPriceMinor = 0,
                    TaxRateBasisPoints = originalLine.TaxRateBasisPoints,
                    WeightGrams = originalLine.WeightGrams,
                    Category = originalLine.Category,
                    Hazardous = originalLine.Hazardous,
                };
            }).ToList(),
            CreatedForReturn = new ReturnLink { OriginalOrderId = original.OrderId, ReturnId = rma.Id, ReturnNumber = rma.Number, Kind = rma.Kind },
        };

        // The fingerprint names the return: the same return always asks for the same order.
        return new CreateOrderCommand(RequestId(rma), "return:" + rma.Id, document);
    }

    /// <summary>
    /// "{original's number}-{RMA number}": unique, since the RMA number is. An original number near the longest a
    /// channel may send is cut so the whole fits the column; otherwise the store would refuse the order on every retry
    /// and the goods would never go out.
    /// </summary>
    public static string ExternalOrderNumber(OrderDocument original, ReturnAuthorisation rma)
    {
        var suffix = "-" + rma.Number;
        var room = OrderColumnLimits.ExternalOrderNumber - suffix.Length;
        var prefix = original.ExternalOrderNumber.Length > room ? original.ExternalOrderNumber[..room] : original.ExternalOrderNumber;
        return prefix + suffix;
    }

    private static OrderCustomer Copy(OrderCustomer customer) => new()
    {
        Id = customer.Id, Segment = customer.Segment, Vip = customer.Vip, Email = customer.Email, Phone = customer.Phone,
    };

    private static PostalAddress Copy(PostalAddress address) => new()
    {
        Name = address.Name, Street = address.Street, PostalCode = address.PostalCode, City = address.City, Country = address.Country,
    };
}

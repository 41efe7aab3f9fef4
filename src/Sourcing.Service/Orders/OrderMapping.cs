using Google.Protobuf.WellKnownTypes;
using Sourcing.Orders;
using Sourcing.Service.Sourcing;
using Proto = Sourcing.V1;

namespace Sourcing.Service.Orders;

/// <summary>The order domain's values as OrderService messages: proto types stop here.</summary>
internal static class OrderMapping
{
    /// <summary>The order as store staff and a WMS see it: what they need to ship, without the customer's contact and payment data.</summary>
    public static Proto.Order WithoutCustomerContact(Proto.Order message)
    {
        message.Customer ??= new Proto.OrderCustomer();
        message.Customer.Email = "";
        message.Customer.Phone = "";
        message.Customer.Identity = null;
        message.BillingAddress = null;
        if (message.Payment is not null)
        {
            message.Payment.Reference = "";
            message.Payment.MandateReference = "";
        }

        return message;
    }

    /// <summary>The most events an order's answer carries, newest kept; the feed has every one.</summary>
    public const int MaxHistoryShown = 500;

    public static Proto.Order ToProto(Order order, IReadOnlyList<StoredOrderEvent> history)
    {
        var document = order.Document;
        var message = new Proto.Order
        {
            OrderId = document.OrderId,
            Version = order.Version,
            Status = ToProto(order.Status),
            Channel = document.Channel,
            ExternalOrderNumber = document.ExternalOrderNumber,
            ChannelReferences = { document.ChannelReferences },
            Customer = new Proto.OrderCustomer
            {
                Id = document.Customer.Id,
                Segment = document.Customer.Segment,
                Vip = document.Customer.Vip,
                Email = document.Customer.Email,
                Phone = document.Customer.Phone,
                Identity = document.Customer.IdentityKind is { } kind
                    ? new Proto.OrderCustomerIdentity { Kind = Customers.CustomerMapping.ToProto(kind), Value = document.Customer.IdentityValue }
                    : null,
            },
            ShippingAddress = ToProto(document.ShippingAddress),
            BillingAddress = ToProto(document.BillingAddress),
            Currency = document.Currency,
            Delivery = new Proto.OrderDelivery { Method = DeliveryMethodOf(document.DeliveryMethod), PickupLocationId = document.PickupLocationId },
            ShippingChargeMinor = document.ShippingChargeMinor,
            Payment = new Proto.OrderPayment
            {
                Method = document.PaymentMethod,
                Reference = document.PaymentReference,
                Provider = document.PaymentProvider,
                AuthorisedMinor = document.AuthorisedMinor,
                AuthorisationExpiresAt = document.AuthorisationExpiresAt is { } expiry ? Time(expiry) : null,
                MandateReference = document.MandateReference,
            },
            FraudScore = document.FraudScore,
            PlacedAt = Time(document.PlacedAt),
            CreatedAt = Time(document.CreatedAt),
            CreatedBy = document.CreatedBy,
            UpdatedAt = Time(document.UpdatedAt),
            TotalMinor = order.Project().TotalMinor,
        };
        if (document.Latitude is { } latitude && document.Longitude is { } longitude)
        {
            message.Coordinates = new Proto.GeoPoint { Latitude = latitude, Longitude = longitude };
        }

        message.Lines.AddRange(document.Lines.Select(ToProto));
        message.Holds.AddRange(document.Holds.Select(ToProto));
        message.FulfilmentOrders.AddRange(document.FulfilmentOrders.Select(ToProto));
        message.Shipments.AddRange(document.Shipments.Select(ToProto));
        message.SourcingDecisions.AddRange(document.Decisions.Select(ToProto));
        // Bounded: an order can collect events without end (failed delivery attempts, re-evaluations).
        message.History.AddRange(history.Skip(Math.Max(0, history.Count - MaxHistoryShown)).Select(ToProto));
        message.HistoryOmitted = Math.Max(0, history.Count - MaxHistoryShown);
        Returns.ReturnMapping.AddReturns(message, document);
        return message;
    }

    public static Proto.OrderSummary ToProto(OrderSummary summary) => new()
    {
        OrderId = summary.OrderId,
        Channel = summary.Channel,
        ExternalOrderNumber = summary.ExternalOrderNumber,
        CustomerId = summary.CustomerId,
        Status = ToProto(summary.Status),
        CreatedAt = Time(summary.CreatedAt),
        TotalMinor = summary.TotalMinor,
        Currency = summary.Currency,
        Version = summary.Version,
    };

    public static Proto.OrderEventMessage ToProto(StoredOrderEvent stored) => new()
    {
        Position = stored.Position,
        OrderId = stored.OrderId,
        Channel = stored.Channel,
        Sequence = stored.Sequence,
        Type = stored.Event.Type,
        OccurredAt = Time(stored.Event.OccurredAt),
        Actor = stored.Event.Actor,
        Reason = stored.Event.Reason,
        Detail = stored.Event.Detail,
    };

    public static string DeliveryMethodName(DeliveryMethod method) => method switch
    {
        DeliveryMethod.Express => "express",
        DeliveryMethod.Pickup => "pickup",
        _ => "standard",
    };

    public static DeliveryMethod DeliveryMethodFromName(string name) => name switch
    {
        "express" => DeliveryMethod.Express,
        "pickup" => DeliveryMethod.Pickup,
        _ => DeliveryMethod.Standard,
    };

    public static OrderStatus? StatusOf(Proto.OrderStatus status) => status switch
    {
        Proto.OrderStatus.Open => OrderStatus.Open,
        Proto.OrderStatus.OnHold => OrderStatus.OnHold,
        Proto.OrderStatus.Backordered => OrderStatus.Backordered,
        Proto.OrderStatus.InFulfilment => OrderStatus.InFulfilment,
        Proto.OrderStatus.PartiallyShipped => OrderStatus.PartiallyShipped,
        Proto.OrderStatus.Shipped => OrderStatus.Shipped,
        Proto.OrderStatus.Delivered => OrderStatus.Delivered,
        Proto.OrderStatus.Cancelled => OrderStatus.Cancelled,
        _ => null,
    };

    private static Proto.OrderStatus ToProto(OrderStatus status) => status switch
    {
        OrderStatus.Open => Proto.OrderStatus.Open,
        OrderStatus.OnHold => Proto.OrderStatus.OnHold,
        OrderStatus.Backordered => Proto.OrderStatus.Backordered,
        OrderStatus.InFulfilment => Proto.OrderStatus.InFulfilment,
        OrderStatus.PartiallyShipped => Proto.OrderStatus.PartiallyShipped,
        OrderStatus.Shipped => Proto.OrderStatus.Shipped,
        OrderStatus.Delivered => Proto.OrderStatus.Delivered,
        OrderStatus.Cancelled => Proto.OrderStatus.Cancelled,
        _ => Proto.OrderStatus.Unspecified,
    };

    private static Proto.DeliveryMethod DeliveryMethodOf(string name) => DeliveryMethodFromName(name) switch
    {
        DeliveryMethod.Express => Proto.DeliveryMethod.Express,
        DeliveryMethod.Pickup => Proto.DeliveryMethod.Pickup,
        _ => Proto.DeliveryMethod.Standard,
    };

    private static Proto.LineState ToProto(LineState state) => state switch
    {
        LineState.Open => Proto.LineState.Open,
        LineState.Held => Proto.LineState.Held,
        LineState.Allocated => Proto.LineState.Allocated,
        LineState.Released => Proto.LineState.Released,
        LineState.Picked => Proto.LineState.Picked,
        LineState.Shipped => Proto.LineState.Shipped,
        LineState.Delivered => Proto.LineState.Delivered,
        LineState.Backordered => Proto.LineState.Backordered,
        LineState.Cancelled => Proto.LineState.Cancelled,
        LineState.Returned => Proto.LineState.Returned,
        _ => Proto.LineState.Unspecified,
    };

    private static Proto.FulfilmentStatus ToProto(FulfilmentStatus status) => status switch
    {
        FulfilmentStatus.Created => Proto.FulfilmentStatus.Created,
        FulfilmentStatus.Accepted => Proto.FulfilmentStatus.Accepted,
        FulfilmentStatus.Packed => Proto.FulfilmentStatus.Packed,
        FulfilmentStatus.Closed => Proto.FulfilmentStatus.Closed,
        _ => Proto.FulfilmentStatus.Unspecified,
    };

    private static Proto.PostalAddress ToProto(PostalAddress address) => new()
    {
        Name = address.Name,
        Street = address.Street,
        PostalCode = address.PostalCode,
        City = address.City,
        Country = address.Country,
    };

    private static Proto.OrderLineDetail ToProto(OrderLine line)
    {
        var message = new Proto.OrderLineDetail
        {
            LineId = line.LineId,
            Sku = line.Sku,
            Quantity = line.Quantity,
            UnitPriceMinor = line.UnitPriceMinor,
            TaxRateBasisPoints = line.TaxRateBasisPoints,
            WeightGrams = line.WeightGrams,
            Category = line.Category,
            Hazardous = line.Hazardous,
            KitId = line.KitId,
            ExcludedLocations = { line.ExcludedLocations },
            FreeWithLineId = line.FreeWithLineId,
            FreeItemValueMinor = line.FreeItemValueMinor,
        };
        message.States.AddRange(line.States.Where(s => s.Value > 0).OrderBy(s => s.Key)
            .Select(s => new Proto.LineStateQuantity { State = ToProto(s.Key), Quantity = s.Value }));
        return message;
    }

    private static Proto.OrderHoldDetail ToProto(OrderHold hold) => new()
    {
        Code = hold.Code,
        Rule = hold.Rule,
        Reason = hold.Reason,
        PlacedAt = Time(hold.PlacedAt),
        Active = hold.Active,
        ReleasedAt = hold.ReleasedAt is { } at ? Time(at) : null,
        ReleasedBy = hold.ReleasedBy,
        ReleaseReason = hold.ReleaseReason,
    };

    private static Proto.FulfilmentOrderDetail ToProto(FulfilmentOrder fulfilment) => new()
    {
        FulfilmentOrderId = fulfilment.Id,
        LocationId = fulfilment.LocationId,
        Status = ToProto(fulfilment.Status),
        CreatedAt = Time(fulfilment.CreatedAt),
        Lines =
        {
            fulfilment.Lines.Select(l => new Proto.FulfilmentLineDetail
            {
                LineId = l.LineId,
                Sku = l.Sku,
                Quantity = l.Quantity,
                Shipped = l.Shipped,
                Rejected = l.Rejected,
                Cancelled = l.Cancelled,
                Remaining = l.Remaining,
                ReservationId = l.ReservationId,
                ReservationExpiresAt = l.ReservationExpiresAt is { } expires ? Time(expires) : null,
            }),
        },
    };

    private static Proto.OrderShipmentDetail ToProto(Shipment shipment) => new()
    {
        ShipmentId = shipment.Id,
        FulfilmentOrderId = shipment.FulfilmentOrderId,
        LocationId = shipment.LocationId,
        Carrier = shipment.Carrier,
        TrackingNumber = shipment.TrackingNumber,
        ShippedAt = Time(shipment.ShippedAt),
        Lines = { shipment.Lines.Select(l => new Proto.LineQuantity { LineId = l.LineId, Quantity = l.Quantity }) },
        DeliveryEvents =
        {
            shipment.DeliveryEvents.Select(e => new Proto.DeliveryEventDetail
            {
                Outcome = e.Kind == "delivered" ? Proto.DeliveryOutcome.Delivered : Proto.DeliveryOutcome.Failed,
                OccurredAt = Time(e.At),
                Detail = e.Detail,
            }),
        },
        Delivered = shipment.Delivered,
    };

    private static Proto.SourcingDecisionDetail ToProto(SourcingRecord record) => new()
    {
        Attempt = record.Attempt,
        DecidedAt = Time(record.DecidedAt),
        RulesVersion = record.RulesVersion,
        SolverStatus = record.SolverStatus,
        SolverMethod = record.SolverMethod,
        TotalCostMinor = record.TotalCostMinor,
        Allocations = { record.Allocations.Select(ToProto) },
        Backordered = { record.Backordered.Select(ToProto) },
        Explanation = { record.Explanation },
    };

    private static Proto.PlannedUnitsDetail ToProto(PlannedUnits units) => new() { LineId = units.LineId, LocationId = units.LocationId, Quantity = units.Quantity };

    private static Timestamp Time(DateTimeOffset value) => Timestamp.FromDateTimeOffset(value);
}

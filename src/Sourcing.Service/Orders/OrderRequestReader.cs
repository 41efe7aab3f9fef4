using Google.Protobuf.WellKnownTypes;
using Sourcing.Orders;
using Sourcing.Service.Errors;
using Sourcing.Service.Inventory;
using Sourcing.Service.Locations;
using Sourcing.Service.Sourcing;
using Proto = Sourcing.V1;

namespace Sourcing.Service.Orders;

/// <summary>
/// Checks OrderService requests field by field (every problem at once, named as in the proto) and turns them into the
/// order domain's values. Every string, number and list has a bound, so no request can make an order unbounded.
/// </summary>
internal static class OrderRequestReader
{
    public const int MaxLines = SourcingRequestReader.MaxLines;
    public const int MaxQuantity = SourcingRequestReader.MaxQuantityPerLine;
    public const long MaxAmountMinor = SourcingRequestReader.MaxUnitPriceMinor;
    public const int MaxTaxRateBasisPoints = 10_000;
    public const int MaxOrderIdLength = 128;
    public const int MaxFulfilmentOrderIdLength = 160;
    public const int MaxShipmentIdLength = 200;
    public const int MaxShortText = 64;
    public const int MaxReasonLength = 500;
    public const int MaxChannelReferences = 20;
    public const int MaxReferenceValueLength = 256;
    public const int MaxPageSize = 100;
    public const int DefaultPageSize = 50;
    public const int MaxPageTokenLength = 512;
    public const int MaxWatchFilters = 20;

    /// <summary>Timestamps before this are typos, not orders.</summary>
    private static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>How far ahead of the service's clock a caller's clock may run.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromDays(1);

    /// <param name="channel">The channel the caller's token acts for, already checked.</param>
    /// <param name="network">The location network, to check a pickup location.</param>
    public static OrderDocument ReadCreate(Proto.CreateOrderRequest request, string channel, IReadOnlyDictionary<string, Location> network, DateTimeOffset now)
    {
        var problems = new ProblemList();
        problems.RequestId("request_id", request.RequestId, StockLedger.MaxRequestIdLength);
        problems.RequiredText("external_order_number", request.ExternalOrderNumber, MaxOrderIdLength);
        ReadReferences(problems, request.ChannelReferences);

        var customer = request.Customer ?? new Proto.OrderCustomer();
        CustomerOrIdentity(problems, customer);
        problems.OptionalText("customer.segment", customer.Segment, MaxShortText);
        problems.OptionalText("customer.email", customer.Email, 254);
        problems.OptionalText("customer.phone", customer.Phone, 32);

        var shipping = ReadAddress(problems, "shipping_address", request.ShippingAddress);
        var billing = ReadAddress(problems, "billing_address", request.BillingAddress);
        double? latitude = null, longitude = null;
        if (request.Coordinates is { } point)
        {
            if (FieldChecks.IsValidCoordinate(point.Latitude, point.Longitude))
            {
                (latitude, longitude) = (point.Latitude, point.Longitude);
            }
            else
            {
                problems.Add("coordinates", "latitude must be a number in -90..90 and longitude in -180..180 (not NaN or infinite)");
            }
        }
        else if (OrderDestination.Locate(null, null, shipping.Country, shipping.PostalCode) is null && shipping.PostalCode.Length <= SourcingRequestReader.MaxPostalCodeLength)
        {
            problems.Add("shipping_address.postal_code", shipping.PostalCode.Length == 0
                ? "is required when no coordinates are given"
                : $"'{ProblemList.Printable(shipping.PostalCode)}' in '{ProblemList.Printable(shipping.Country)}' is not a postal code the service can locate; give coordinates");
        }

        Currency(problems, "currency", request.Currency);
        var lines = ReadLines(problems, request.Lines);

        var delivery = request.Delivery ?? new Proto.OrderDelivery();
        var choice = SourcingRequestReader.ReadDelivery(problems, "delivery",
            new Proto.DeliveryOption { Method = delivery.Method, PickupLocationId = delivery.PickupLocationId }, network);
        problems.InRange("shipping_charge_minor", request.ShippingChargeMinor, 0, MaxAmountMinor);
        var payment = request.Payment ?? new Proto.OrderPayment();
        var authorisationExpiresAt = OrderPaymentReader.Read(problems, payment, now);
        problems.InRange("fraud_score", request.FraudScore, 0, 100);
        var placedAt = request.PlacedAt is null ? now : Time(problems, "placed_at", request.PlacedAt, now);
        problems.ThrowIfAny();

        return new OrderDocument
        {
            OrderId = NewOrderId(),
            Channel = channel,
            ExternalOrderNumber = request.ExternalOrderNumber,
            ChannelReferences = request.ChannelReferences.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            Customer = new OrderCustomer { Id = customer.Id, Segment = customer.Segment, Vip = customer.Vip, Email = customer.Email, Phone = customer.Phone },
            ShippingAddress = shipping,
            BillingAddress = billing,
            Latitude = latitude,
            Longitude = longitude,
            Currency = request.Currency,
            DeliveryMethod = OrderMapping.DeliveryMethodName(choice.Method),
            PickupLocationId = choice.PickupLocationId ?? "",
            ShippingChargeMinor = request.ShippingChargeMinor,
            PaymentMethod = payment.Method,
            PaymentReference = payment.Reference,
            PaymentProvider = payment.Provider,
            AuthorisedMinor = payment.AuthorisedMinor,
            AuthorisationExpiresAt = authorisationExpiresAt,
            MandateReference = payment.MandateReference,
            FraudScore = request.FraudScore,
            PlacedAt = placedAt,
            Lines = lines,
        };
    }

    /// <summary>
    /// The customer is named by its id, by an identity the channel knows it by (the customer directory finds or
    /// registers the customer), or both; one of the two is required.
    /// </summary>
    private static void CustomerOrIdentity(ProblemList problems, Proto.OrderCustomer customer)
    {
        if (customer.Identity is null)
        {
            if (customer.Id.Length == 0)
            {
                problems.Add("customer", "needs customer.id or customer.identity (or both): the customer the order belongs to");
                return;
            }

            problems.RequiredText("customer.id", customer.Id, SourcingRequestReader.MaxCustomerIdLength);
            return;
        }

        if (customer.Id.Length > 0)
        {
            problems.RequiredText("customer.id", customer.Id, SourcingRequestReader.MaxCustomerIdLength);
        }

        var kind = Customers.CustomerRequestReader.IdentityKindOf(customer.Identity.Kind);
        if (kind is null)
        {
            problems.Add("customer.identity.kind", $"must be account, marketplace buyer, loyalty card, phone or e-mail, was {customer.Identity.Kind}");
        }

        Customers.CustomerRequestReader.IdentityValue(problems, "customer.identity.value", kind, customer.Identity.Value);
    }

    /// <summary>The identity of a request <see cref="ReadCreate"/> accepted; null when it names none.</summary>
    public static global::Sourcing.Orders.Customers.OrderCustomerIdentity? IdentityOf(Proto.CreateOrderRequest request) =>
        request.Customer?.Identity is { } identity && Customers.CustomerRequestReader.IdentityKindOf(identity.Kind) is { } kind
            ? new global::Sourcing.Orders.Customers.OrderCustomerIdentity(kind, identity.Value)
            : null;

    /// <summary>Service-issued: "O-" and a UUIDv7 in hex, so ids sort by creation and reveal nothing else.</summary>
    private static string NewOrderId() => "O-" + Guid.CreateVersion7().ToString("N");

    public static void OrderId(ProblemList problems, string value) => problems.RequiredText("order_id", value, MaxOrderIdLength);

    public static long? ExpectedVersion(ProblemList problems, bool has, long value)
    {
        if (has)
        {
            problems.InRange("expected_version", value, 0, long.MaxValue);
        }

        return has ? value : null;
    }

    public static IReadOnlyList<LineQuantity> LineQuantities(ProblemList problems, IReadOnlyList<Proto.LineQuantity> lines)
    {
        problems.Count("lines", lines.Count, 1, MaxLines);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Count && problems.Count < 100; i++)
        {
            problems.RequiredText($"lines[{i}].line_id", lines[i].LineId, MaxShortText);
            problems.InRange($"lines[{i}].quantity", lines[i].Quantity, 1, MaxQuantity);
            if (!seen.Add(lines[i].LineId))
            {
                problems.Add($"lines[{i}].line_id", $"repeats line '{ProblemList.Printable(lines[i].LineId)}'; name each line once");
            }
        }

        return lines.Select(l => new LineQuantity(l.LineId, l.Quantity)).ToList();
    }

    public static OrderQuery ReadList(ProblemList problems, Proto.ListOrdersRequest request, string? channel)
    {
        problems.OptionalText("customer_id", request.CustomerId, SourcingRequestReader.MaxCustomerIdLength);
        problems.InRange("page_size", request.PageSize, 0, MaxPageSize);
        OrderStatus? status = null;
        if (request.Status != Proto.OrderStatus.Unspecified)
        {
            status = OrderMapping.StatusOf(request.Status);
            if (status is null)
            {
                problems.Add("status", $"unknown status {request.Status}");
            }
        }

        var after = OrderPageTokens.Read(problems, "page_token", request.PageToken);
        return new OrderQuery(
            channel,
            request.CustomerId.Length == 0 ? null : request.CustomerId,
            status,
            request.CreatedFrom is null ? null : Time(problems, "created_from", request.CreatedFrom, DateTimeOffset.MaxValue - ClockSkew),
            request.CreatedTo is null ? null : Time(problems, "created_to", request.CreatedTo, DateTimeOffset.MaxValue - ClockSkew),
            request.PageSize == 0 ? DefaultPageSize : request.PageSize,
            after);
    }

    /// <summary>A caller's timestamp: a valid one, not before 2000 and not more than a day ahead of <paramref name="now"/>.</summary>
    public static DateTimeOffset Time(ProblemList problems, string field, Timestamp? value, DateTimeOffset now)
    {
        if (value is null)
        {
            problems.Add(field, "is required");
            return now;
        }

        // 0001-01-01 to 9999-12-31, the range a timestamp may carry.
        if (value.Seconds < -62_135_596_800 || value.Seconds > 253_402_300_799 || value.Nanos is < 0 or > 999_999_999)
        {
            problems.Add(field, "is not a valid timestamp");
            return now;
        }

        var time = value.ToDateTimeOffset();
        if (time < Earliest || time > now + ClockSkew)
        {
            problems.Add(field, $"must be between {Earliest:yyyy-MM-dd} and one day from now, was {time:O}");
        }

        return time;
    }

    private static void ReadReferences(ProblemList problems, IDictionary<string, string> references)
    {
        if (references.Count > MaxChannelReferences)
        {
            problems.Add("channel_references", $"at most {MaxChannelReferences} entries, {references.Count} were given");
            return;
        }

        foreach (var (key, value) in references)
        {
            problems.RequiredText($"channel_references[{ProblemList.Printable(key.Length > MaxShortText ? key[..MaxShortText] : key)}]", key, MaxShortText);
            problems.OptionalText($"channel_references[{ProblemList.Printable(key.Length > MaxShortText ? key[..MaxShortText] : key)}]", value, MaxReferenceValueLength);
        }
    }

    private static PostalAddress ReadAddress(ProblemList problems, string field, Proto.PostalAddress? address)
    {
        address ??= new Proto.PostalAddress();
        problems.OptionalText(field + ".name", address.Name, 128);
        problems.OptionalText(field + ".street", address.Street, 256);
        problems.OptionalText(field + ".postal_code", address.PostalCode, SourcingRequestReader.MaxPostalCodeLength);
        problems.OptionalText(field + ".city", address.City, 128);
        var country = address.Country.Length == 0 ? "DE" : address.Country;
        if (country.Length != 2 || !country.All(char.IsAsciiLetterUpper))
        {
            problems.Add(field + ".country", "is an ISO 3166-1 alpha-2 code such as DE (two upper-case letters), or empty for DE");
        }

        return new PostalAddress { Name = address.Name, Street = address.Street, PostalCode = address.PostalCode, City = address.City, Country = country };
    }

    private static void Currency(ProblemList problems, string field, string value)
    {
        if (value.Length != 3 || !value.All(char.IsAsciiLetterUpper))
        {
            problems.Add(field, $"'{ProblemList.Printable(value.Length > 8 ? value[..8] + "..." : value)}' is not an ISO 4217 code: three upper-case letters such as EUR");
        }
    }

    /// <summary>A free item's value is kept back from refunds; more than this is a typo, not a gift.</summary>
    public const long MaxFreeItemValueMinor = 1_000_000_000_000;

    /// <summary>
    /// A free item names another line of the same order that is not itself free: a refund of that line keeps the free
    /// item's value back, and a chain of free items would have no paid line to keep it from.
    /// </summary>
    private static void FreeItems(ProblemList problems, IReadOnlyList<Proto.OrderLineInput> lines)
    {
        var free = lines.Where(l => l.FreeWithLineId.Length > 0).Select(l => l.LineId).ToHashSet(StringComparer.Ordinal);
        var ids = lines.Select(l => l.LineId).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < lines.Count && i < MaxLines && problems.Count < 100; i++)
        {
            var with = lines[i].FreeWithLineId;
            if (with.Length is 0 or > MaxShortText || with.Any(char.IsControl))
            {
                // Empty: an ordinary line; malformed: reported by the line's own checks.
                continue;
            }

            if (with == lines[i].LineId || !ids.Contains(with))
            {
                problems.Add($"lines[{i}].free_with_line_id", $"'{with}' is not another line of this order");
            }
            else if (free.Contains(with))
            {
                problems.Add($"lines[{i}].free_with_line_id", $"line '{ProblemList.Printable(with)}' is itself a free item; name the paid line it came with");
            }
        }
    }

    private static List<OrderLine> ReadLines(ProblemList problems, IReadOnlyList<Proto.OrderLineInput> lines)
    {
        problems.Count("lines", lines.Count, 1, MaxLines);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<OrderLine>(Math.Min(lines.Count, MaxLines));
        for (var i = 0; i < lines.Count && i < MaxLines && problems.Count < 100; i++)
        {
            var line = lines[i];
            problems.RequiredText($"lines[{i}].line_id", line.LineId, MaxShortText);
            if (!ids.Add(line.LineId))
            {
                problems.Add($"lines[{i}].line_id", $"repeats line id '{ProblemList.Printable(line.LineId)}' of an earlier line; line ids are unique in an order");
            }

            problems.Sku($"lines[{i}].sku", line.Sku);
            problems.InRange($"lines[{i}].quantity", line.Quantity, 1, MaxQuantity);
            problems.InRange($"lines[{i}].unit_price_minor", line.UnitPriceMinor, 0, MaxAmountMinor);
            problems.InRange($"lines[{i}].tax_rate_basis_points", line.TaxRateBasisPoints, 0, MaxTaxRateBasisPoints);
            problems.InRange($"lines[{i}].weight_grams", line.WeightGrams, 0, SourcingRequestReader.MaxWeightGrams);
            problems.OptionalText($"lines[{i}].category", line.Category, MaxShortText);
            problems.OptionalText($"lines[{i}].kit_id", line.KitId, MaxShortText);
            problems.OptionalText($"lines[{i}].free_with_line_id", line.FreeWithLineId, MaxShortText);
            problems.InRange($"lines[{i}].free_item_value_minor", line.FreeItemValueMinor, 0, MaxFreeItemValueMinor);
            if (line.FreeWithLineId.Length == 0 && line.FreeItemValueMinor != 0)
            {
                problems.Add($"lines[{i}].free_item_value_minor", "is only for a free item: name the line it came with in free_with_line_id");
            }

            result.Add(new OrderLine
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
                FreeWithLineId = line.FreeWithLineId,
                FreeItemValueMinor = line.FreeItemValueMinor,
            });
        }

        FreeItems(problems, lines);
        return result;
    }
}

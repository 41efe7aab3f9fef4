using Sourcing.Service.Errors;
using Sourcing.Service.Locations;
using Proto = Sourcing.V1;

namespace Sourcing.Service.Sourcing;

/// <summary>Checks Promise and SourceOrder requests field by field (every problem at once) and turns them into domain values.</summary>
internal static class SourcingRequestReader
{
    public const int MaxLines = 500;
    public const int MaxQuantityPerLine = 100_000;
    public const int MaxWeightGrams = 10_000_000;
    public const long MaxUnitPriceMinor = 1_000_000_000;
    public const int MaxOptions = 10;
    public const int MaxOrderIdLength = 128;
    public const int MaxCustomerIdLength = 128;
    public const int MaxShortTextLength = 64;
    public const int MaxPostalCodeLength = 16;
    public const int MaxPaymentMethodLength = 32;

    public static SourcingOrder ReadOrder(ProblemList problems, string orderId, string channel, Proto.Customer? customer, Proto.Destination? destination,
        IReadOnlyList<Proto.OrderLine> lines, string paymentMethod, int fraudScore)
    {
        problems.OptionalText("order_id", orderId, MaxOrderIdLength);
        problems.LocationId("channel", channel);
        problems.OptionalText("payment_method", paymentMethod, MaxPaymentMethodLength);
        ReadCustomer(problems, customer);
        if (lines.Count is 0 or > MaxLines)
        {
            problems.Add("lines", $"an order needs 1 to {MaxLines} lines, {lines.Count} were given");
        }

        var lineIds = new HashSet<string>(StringComparer.Ordinal);
        var currencies = new HashSet<string>(StringComparer.Ordinal);
        var domainLines = new List<SourcingLine>(lines.Count);
        for (var i = 0; i < lines.Count && problems.Count < 100; i++)
        {
            var line = lines[i];
            var lineId = line.LineId.Length > 0 ? line.LineId : i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            problems.Sku($"lines[{i}].sku", line.Sku);
            problems.InRange($"lines[{i}].quantity", line.Quantity, 1, MaxQuantityPerLine);
            problems.InRange($"lines[{i}].weight_grams", line.WeightGrams, 0, MaxWeightGrams);
            problems.OptionalText($"lines[{i}].category", line.Category, MaxShortTextLength);
            problems.OptionalText($"lines[{i}].kit_id", line.KitId, MaxShortTextLength);
            if (lineId.Length > MaxShortTextLength || lineId.Any(char.IsControl) || !lineIds.Add(lineId))
            {
                problems.Add($"lines[{i}].line_id", $"is longer than {MaxShortTextLength} characters, contains control characters or repeats another line's id");
            }

            if (line.UnitPrice is { } price)
            {
                if (price.CurrencyCode.Length <= 3)
                {
                    currencies.Add(price.CurrencyCode);
                }
                else
                {
                    problems.Add($"lines[{i}].unit_price.currency_code", "is an ISO 4217 code of 3 letters such as EUR");
                }

                problems.InRange($"lines[{i}].unit_price.minor_units", price.MinorUnits, 0, MaxUnitPriceMinor);
            }

            domainLines.Add(new SourcingLine(lineId, line.Sku, line.Quantity, line.WeightGrams, line.Category, line.Hazardous, line.UnitPrice?.MinorUnits ?? 0, line.KitId));
        }

        if (currencies.Count > 1 || currencies.Any(c => c.Length != 3 || !c.All(char.IsAsciiLetterUpper)))
        {
            problems.Add("lines.unit_price.currency_code", $"all prices need one ISO 4217 currency, got {string.Join(", ", currencies)}");
        }

        problems.InRange("fraud_score", fraudScore, 0, 100);
        var country = string.IsNullOrEmpty(destination?.CountryCode) ? "DE" : destination.CountryCode;
        if (country.Length != 2 || !country.All(char.IsAsciiLetterUpper))
        {
            problems.Add("destination.country_code", "is an ISO 3166-1 alpha-2 code such as DE, or empty for DE");
            country = "DE";
        }

        problems.OptionalText("destination.postal_code", destination?.PostalCode ?? "", MaxPostalCodeLength);
        var point = Locate(problems, destination, country);
        var profile = new CustomerProfile(customer?.Id ?? "", customer?.Segment ?? "", customer?.Vip ?? false);
        return new SourcingOrder(orderId, channel, profile, point, country, domainLines, paymentMethod, fraudScore, currencies.FirstOrDefault() ?? "EUR");
    }

    public static DeliveryChoice ReadDelivery(ProblemList problems, string field, Proto.DeliveryOption? option, IReadOnlyDictionary<string, Location> network)
    {
        option ??= new Proto.DeliveryOption();
        problems.OptionalText(field + ".id", option.Id, MaxShortTextLength);
        var method = option.Method switch
        {
            Proto.DeliveryMethod.Standard => DeliveryMethod.Standard,
            Proto.DeliveryMethod.Express => DeliveryMethod.Express,
            Proto.DeliveryMethod.Pickup => DeliveryMethod.Pickup,
            _ => (DeliveryMethod?)null,
        };
        if (method is null)
        {
            problems.Add(field + ".method", $"unknown delivery option {option.Method}: use standard, express or pickup");
            return new DeliveryChoice(option.Id, DeliveryMethod.Standard, null);
        }

        if (method != DeliveryMethod.Pickup && option.PickupLocationId.Length > 0)
        {
            // Bounded even where it is not used: every field of a request has a bound.
            problems.LocationId(field + ".pickup_location_id", option.PickupLocationId);
        }

        if (method == DeliveryMethod.Pickup)
        {
            if (option.PickupLocationId.Length > ProblemList.MaxIdLength || option.PickupLocationId.Any(char.IsControl))
            {
                problems.LocationId(field + ".pickup_location_id", option.PickupLocationId);
            }
            else if (!network.TryGetValue(option.PickupLocationId, out var store) || !store.Active || !store.Capabilities.CustomerPickup)
            {
                problems.Add(field + ".pickup_location_id", $"'{ProblemList.Printable(option.PickupLocationId)}' is not an active location that offers customer pickup");
            }
        }

        return new DeliveryChoice(option.Id, method.Value, method == DeliveryMethod.Pickup ? option.PickupLocationId : null);
    }

    private static GeoCoordinate Locate(ProblemList problems, Proto.Destination? destination, string country)
    {
        if (destination?.Coordinates is { } point && (point.Latitude != 0 || point.Longitude != 0))
        {
            if (!FieldChecks.IsValidCoordinate(point.Latitude, point.Longitude))
            {
                problems.Add("destination.coordinates", "latitude must be a number in -90..90 and longitude in -180..180 (not NaN or infinite)");
            }

            return new GeoCoordinate(point.Latitude, point.Longitude);
        }

        if (PostalRegions.Locate(country, destination?.PostalCode ?? "") is { } region)
        {
            return region;
        }

        if (destination is null || destination.PostalCode.Length == 0)
        {
            problems.Add("destination", "give coordinates or a postal code");
        }
        else if (destination.PostalCode.Length <= MaxPostalCodeLength)
        {
            problems.Add("destination", $"postal code '{ProblemList.Printable(destination.PostalCode)}' in '{ProblemList.Printable(country)}' is not known; give coordinates");
        }

        return default;
    }

    private static void ReadCustomer(ProblemList problems, Proto.Customer? customer)
    {
        if (customer is null)
        {
            return;
        }

        problems.OptionalText("customer.id", customer.Id, MaxCustomerIdLength);
        problems.OptionalText("customer.segment", customer.Segment, MaxShortTextLength);
    }
}

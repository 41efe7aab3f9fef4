using Sourcing.V1;

namespace Sourcing.LoadTest.Network;

/// <summary>
/// Orders as a shop's traffic has them: mostly from the web shop, baskets of one or two items far more often than
/// five, a few best sellers asked for most, destinations all over Germany by postal code.
/// </summary>
internal sealed class OrderFactory(int skus, string runId)
{
    private static readonly (string Channel, int Weight)[] ChannelMix = [("web", 55), ("marketplace", 25), ("store", 10), ("callcenter", 10)];

    // Basket sizes 1..5: 45 %, 30 %, 13 %, 7 %, 5 %.
    private static readonly int[] BasketSizeMix = [45, 30, 13, 7, 5];

    private static readonly string[] Categories = ["outdoor", "apparel", "home", "electronics", "toys"];

    private long _sequence;

    /// <summary>A new order id, unique across runs (the run id is part of it), so request ids never repeat.</summary>
    public string NextId() => $"{runId}-{Interlocked.Increment(ref _sequence)}";

    public SourceOrderRequest SourceOrder(bool reserve)
    {
        var id = NextId();
        var request = new SourceOrderRequest
        {
            RequestId = "rq-" + id,
            OrderId = "so-" + id,
            Channel = Pick(ChannelMix),
            Customer = new Customer { Id = "c-" + Random.Shared.Next(1, 200_000) },
            Destination = new Destination { PostalCode = PostalCode(), CountryCode = "DE" },
            Delivery = new DeliveryOption { Method = Random.Shared.Next(100) < 15 ? DeliveryMethod.Express : DeliveryMethod.Standard },
            PaymentMethod = "card",
            FraudScore = Random.Shared.Next(0, 40),
            Reserve = reserve,
        };
        foreach (var (sku, quantity, index) in Basket())
        {
            request.Lines.Add(new OrderLine { LineId = $"{index + 1}", Sku = sku, Quantity = quantity, WeightGrams = 400 + (index * 300), Category = Category(sku), UnitPrice = Euro(PriceOf(sku)) });
        }

        return request;
    }

    public PromiseRequest Promise()
    {
        var request = new PromiseRequest
        {
            Channel = Pick(ChannelMix),
            Destination = new Destination { PostalCode = PostalCode(), CountryCode = "DE" },
        };
        request.Options.Add(new DeliveryOption { Id = "standard", Method = DeliveryMethod.Standard });
        request.Options.Add(new DeliveryOption { Id = "express", Method = DeliveryMethod.Express });
        foreach (var (sku, quantity, index) in Basket())
        {
            request.Lines.Add(new OrderLine { LineId = $"{index + 1}", Sku = sku, Quantity = quantity, WeightGrams = 800, Category = Category(sku), UnitPrice = Euro(PriceOf(sku)) });
        }

        return request;
    }

    public GetAvailabilityRequest Availability()
    {
        var request = new GetAvailabilityRequest();
        request.Skus.AddRange(Basket().Select(line => line.Sku));
        return request;
    }

    public CreateOrderRequest CreateOrder()
    {
        var id = NextId();
        var postalCode = PostalCode();
        var request = new CreateOrderRequest
        {
            RequestId = "co-" + id,
            Channel = Pick(ChannelMix),
            ExternalOrderNumber = "ext-" + id,
            Customer = new OrderCustomer { Id = "c-" + Random.Shared.Next(1, 200_000) },
            ShippingAddress = new PostalAddress { Name = "Erika Mustermann", Street = "Musterstraße 1", PostalCode = postalCode, City = "Musterstadt", Country = "DE" },
            Currency = "EUR",
            Delivery = new OrderDelivery { Method = DeliveryMethod.Standard },
            ShippingChargeMinor = 495,
            Payment = new OrderPayment { Method = "card", Reference = "psp-" + id, Provider = "loadtest" },
            FraudScore = Random.Shared.Next(0, 40),
        };
        foreach (var (sku, quantity, index) in Basket())
        {
            request.Lines.Add(new OrderLineInput { LineId = $"{index + 1}", Sku = sku, Quantity = quantity, UnitPriceMinor = PriceOf(sku), TaxRateBasisPoints = 1900, WeightGrams = 800, Category = Category(sku) });
        }

        return request;
    }

    /// <summary>Distinct SKUs: a few best sellers are in most baskets (the square of a uniform number favours low indexes).</summary>
    private IEnumerable<(string Sku, int Quantity, int Index)> Basket()
    {
        var size = 1 + PickIndex(BasketSizeMix);
        var chosen = new HashSet<int>();
        while (chosen.Count < Math.Min(size, skus))
        {
            var u = Random.Shared.NextDouble();
            chosen.Add((int)(u * u * skus));
        }

        return chosen.Select((sku, index) => (GermanNetwork.Sku(sku), Random.Shared.Next(100) < 85 ? 1 : 2, index));
    }

    private static string PostalCode() =>
        GermanNetwork.PostalRegions[Random.Shared.Next(GermanNetwork.PostalRegions.Count)] + Random.Shared.Next(0, 1000).ToString("000");

    private static string Category(string sku) => Categories[(sku.GetHashCode(StringComparison.Ordinal) & 0x7fffffff) % Categories.Length];

    private static long PriceOf(string sku) => 499 + ((long)(sku.GetHashCode(StringComparison.Ordinal) & 0x7fff) % 20_000);

    private static Money Euro(long cents) => new() { CurrencyCode = "EUR", MinorUnits = cents };

    private static string Pick((string Value, int Weight)[] mix) => mix[PickIndex(mix.Select(m => m.Weight).ToArray())].Value;

    private static int PickIndex(int[] weights)
    {
        var draw = Random.Shared.Next(weights.Sum());
        for (var i = 0; i < weights.Length; i++)
        {
            draw -= weights[i];
            if (draw < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }
}

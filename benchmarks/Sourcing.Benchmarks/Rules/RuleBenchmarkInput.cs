using Sourcing.Rules.Facts;

namespace Sourcing.Benchmarks.Rules;

/// <summary>One 5-line web order (one line hazardous) against 50 candidate locations: 5 warehouses and 45 stores.</summary>
internal static class RuleBenchmarkInput
{
    public static RuleInput FiveLinesFiftyLocations()
    {
        var random = new Random(5);
        var locations = Enumerable.Range(0, 50).Select(i => new LocationFact
        {
            Id = i < 5 ? $"WH-{i}" : $"ST-{i}",
            Type = i < 5 ? "warehouse" : "store",
            Country = "DE",
            DistanceKm = random.Next(5, 800),
            ProcessingHours = i < 5 ? 4 : 24,
            CapacityUsedPercent = random.Next(0, 100),
            ShipsParcels = true,
        }).ToList();
        var lines = Enumerable.Range(0, 5).Select(l => new LineCandidates(
            new LineFact { Index = l, Sku = $"SKU-{l}", Quantity = 1 + (l % 2), WeightGrams = 500 * (l + 1), Category = l == 4 ? "furniture" : "outdoor", Hazardous = l == 2 },
            locations.Select(location => location with { StockOfSku = random.Next(0, 20) }).ToList())).ToList();
        var order = new OrderFact { Id = "BENCH-1", Channel = "web", Country = "DE", DeliveryMethod = "standard", PaymentMethod = "card", TotalMinor = 25_900, LineCount = 5 };
        return new RuleInput(order, new CustomerFact { Id = "C-1", IsVip = true, CreditLimitMinor = 100_000 }, lines);
    }
}

using Sourcing.Rules.Facts;

namespace Sourcing.Rules.Tests.Infrastructure;

/// <summary>Plain defaults for facts, so each test states only what matters to it.</summary>
internal static class Make
{
    public static OrderFact Order(string channel = "web", string delivery = "standard", string payment = "card") =>
        new() { Id = "O-1", Channel = channel, Country = "DE", DeliveryMethod = delivery, PaymentMethod = payment, CustomerSegment = "consumer" };

    public static LineFact Line(int index = 0, string sku = "SKU-1", int quantity = 1) =>
        new() { Index = index, Sku = sku, Quantity = quantity, WeightGrams = 500, Category = "general" };

    public static LocationFact Warehouse(string id = "WH-1", long stock = 100) =>
        new() { Id = id, Type = "warehouse", Country = "DE", DistanceKm = 100, StockOfSku = stock, ProcessingHours = 4 };

    public static LocationFact Store(string id = "ST-1", long stock = 10) =>
        new() { Id = id, Type = "store", Country = "DE", DistanceKm = 5, StockOfSku = stock, ProcessingHours = 24 };

    public static RuleInput Input(OrderFact order, CustomerFact? customer = null, params (LineFact Line, LocationFact[] Locations)[] lines) =>
        new(order, customer ?? new CustomerFact { Id = "C-1" }, lines.Select(l => new LineCandidates(l.Line, l.Locations)).ToList());
}

using Sourcing.Rules.Facts;

namespace Sourcing.Rules.Loading;

/// <summary>
/// Facts at the edges of what real orders send: quantities 1, 2, 3 and huge, empty text, every location type and
/// delivery method, zero and huge distances, stock and money, no kit. A rule is run on every combination before it goes
/// live, so a rule that throws on an ordinary-but-unusual order is refused instead of failing orders later. Each
/// value carries a label so a refusal can name the input that broke the rule.
/// </summary>
internal static class EdgeInputs
{
    public static readonly (string Label, OrderFact Fact)[] Orders =
    [
        ("order web/standard/card", new OrderFact { Id = "EDGE-1", Channel = "web", CustomerSegment = "consumer", Country = "DE", DeliveryMethod = "standard", TotalMinor = 10_000, PaymentMethod = "card", FraudScore = 0, LineCount = 1 }),
        ("order marketplace/express/invoice, fraud score 100", new OrderFact { Id = "EDGE-2", Channel = "marketplace", CustomerSegment = "b2b", Country = "AT", DeliveryMethod = "express", TotalMinor = 0, PaymentMethod = "invoice", FraudScore = 100, LineCount = 2 }),
        ("order store/pickup/cod, huge total", new OrderFact { Id = "EDGE-3", Channel = "store", CustomerSegment = "vip", Country = "DE", DeliveryMethod = "pickup", TotalMinor = 1_000_000_000_000, PaymentMethod = "cod", FraudScore = 50, LineCount = 3 }),
        ("order callcenter/paypal, 500 lines", new OrderFact { Id = "EDGE-4", Channel = "callcenter", CustomerSegment = "consumer", Country = "FR", DeliveryMethod = "standard", TotalMinor = 1, PaymentMethod = "paypal", FraudScore = 80, LineCount = 500 }),
        ("order with empty texts and zeros", new OrderFact { Id = "", Channel = "", CustomerSegment = "", Country = "", DeliveryMethod = "", Currency = "", PaymentMethod = "" }),
    ];

    public static readonly (string Label, CustomerFact Fact)[] Customers =
    [
        ("new customer", new CustomerFact { Id = "EDGE-C1", Segment = "consumer" }),
        ("VIP customer over the credit limit", new CustomerFact { Id = "EDGE-C2", Segment = "b2b", IsVip = true, OpenBalanceMinor = 1_000_000_000, CreditLimitMinor = 1, OrdersCount = 10_000, LifetimeValueMinor = 1_000_000_000_000 }),
        ("customer at dunning level 3 with all money overdue and every invoice paid late", new CustomerFact { Id = "EDGE-C4", Segment = "b2b", OpenBalanceMinor = 1_000_000_000_000, OverdueMinor = 1_000_000_000_000, DunningLevel = 3, CreditLimitMinor = 0, InvoicesPaid = 10_000, InvoicesPaidLate = 10_000, OrdersCount = 1, ReturnRateBasisPoints = 10_000 }),
        ("customer with a credit balance and a clean payment history", new CustomerFact { Id = "EDGE-C5", Segment = "consumer", UnallocatedMinor = 1_000_000_000, InvoicesPaid = 1, CreditLimitMinor = 1_000_000_000_000 }),
        ("customer with empty texts", new CustomerFact { Id = "", Segment = "" }),
    ];

    public static readonly (string Label, LineFact Fact)[] Lines =
    [
        ("line quantity 1", new LineFact { Index = 0, Sku = "EDGE-1", Quantity = 1, WeightGrams = 500, Category = "general", ValueMinor = 1_000 }),
        ("line quantity 2, kit K", new LineFact { Index = 1, Sku = "EDGE-2", Quantity = 2, WeightGrams = 12_000, Category = "furniture", KitId = "K", ValueMinor = 50_000 }),
        ("line quantity 3, hazardous", new LineFact { Index = 2, Sku = "EDGE-3", Quantity = 3, WeightGrams = 1, Category = "chemicals", Hazardous = true, ValueMinor = 1 }),
        ("line quantity 4", new LineFact { Index = 3, Sku = "EDGE-4", Quantity = 4, WeightGrams = 2_000, Category = "general", ValueMinor = 400 }),
        ("line quantity 5", new LineFact { Index = 4, Sku = "EDGE-5", Quantity = 5, WeightGrams = 2_000, Category = "general", ValueMinor = 500 }),
        ("line quantity 10, zero weight and value", new LineFact { Index = 5, Sku = "EDGE-6", Quantity = 10, Category = "general" }),
        ("line quantity 1,000,000, huge weight and value", new LineFact { Index = 6, Sku = "EDGE-7", Quantity = 1_000_000, WeightGrams = 1_000_000_000, Category = "bulk", ValueMinor = 1_000_000_000_000 }),
        ("line with empty texts", new LineFact { Index = 7, Sku = "", Quantity = 1, Category = "", KitId = "" }),
    ];

    public static readonly (string Label, LocationFact Fact)[] Locations =
    [
        ("warehouse 100 km away", new LocationFact { Id = "EDGE-WH", Type = "warehouse", Country = "DE", DistanceKm = 100, StockOfSku = 1_000, ProcessingHours = 4, ShipsParcels = true }),
        ("store 0 km away with 2 units", new LocationFact { Id = "EDGE-ST", Type = "store", Country = "DE", DistanceKm = 0, StockOfSku = 2, CapacityLeftUnits = 3, CapacityUsedPercent = 80, ProcessingHours = 24, CustomerPickup = true, ShipFromStore = true }),
        ("store with 1 unit", new LocationFact { Id = "EDGE-ST1", Type = "store", Country = "AT", DistanceKm = 3, StockOfSku = 1, CapacityLeftUnits = 1, CapacityUsedPercent = 99, ProcessingHours = 1 }),
        ("store with 3 units", new LocationFact { Id = "EDGE-ST3", Type = "store", Country = "DE", DistanceKm = 5, StockOfSku = 3, ProcessingHours = 2 }),
        ("dropship 20,000 km away", new LocationFact { Id = "EDGE-DS", Type = "dropship", Country = "CN", DistanceKm = 20_000, StockOfSku = 1_000_000_000, ProcessingHours = 48 }),
        ("darkstore with no stock and no capacity left", new LocationFact { Id = "EDGE-DK", Type = "darkstore", Country = "DE", DistanceKm = 1, StockOfSku = 0, CapacityLeftUnits = 0, CapacityUsedPercent = 100, ProcessingHours = 0 }),
        ("warehouse 0.5 km away with 5 units", new LocationFact { Id = "EDGE-WH5", Type = "warehouse", Country = "FR", DistanceKm = 0.5, StockOfSku = 5, ProcessingHours = 12 }),
        ("location with empty texts", new LocationFact { Id = "", Type = "", Country = "" }),
    ];

    public static readonly (string Label, ReturnFact Fact)[] Returns =
    [
        ("refund asked on the web for a web order paid by card", new ReturnFact { Kind = "refund", RequestedVia = "web", OrderChannel = "web", PaymentMethod = "card", OrderTotalMinor = 10_000, Country = "DE" }),
        ("exchange at a store counter for a marketplace order of 0", new ReturnFact { Kind = "exchange", RequestedVia = "store", OrderChannel = "marketplace", PaymentMethod = "invoice", OrderTotalMinor = 0, Country = "AT" }),
        ("replacement through the call centre, huge total", new ReturnFact { Kind = "replacement", RequestedVia = "call-centre", OrderChannel = "callcenter", PaymentMethod = "cod", OrderTotalMinor = 1_000_000_000_000, Country = "FR" }),
        ("repair of a store order", new ReturnFact { Kind = "repair", RequestedVia = "store", OrderChannel = "store", PaymentMethod = "no_charge", OrderTotalMinor = 1, Country = "DE" }),
        ("return with empty texts and zeros", new ReturnFact()),
    ];

    public static readonly (string Label, ReturnLineFact Fact)[] ReturnLines =
    [
        ("line damaged on delivery day", new ReturnLineFact { LineId = "EDGE-L1", Sku = "EDGE-1", Category = "general", Quantity = 1, UnitPriceMinor = 1_000, Reason = "damaged", DaysSinceDelivery = 0 }),
        ("line wrong item, 3 units, 14 days", new ReturnLineFact { LineId = "EDGE-L2", Sku = "EDGE-2", Category = "electronics", Quantity = 3, UnitPriceMinor = 50_000, Reason = "wrong_item", DaysSinceDelivery = 14 }),
        ("line that does not fit, free item, 30 days", new ReturnLineFact { LineId = "EDGE-L3", Sku = "EDGE-3", Category = "hygiene", Quantity = 2, UnitPriceMinor = 0, Reason = "does_not_fit", DaysSinceDelivery = 30, IsFreeItem = true }),
        ("line no longer wanted, 31 days", new ReturnLineFact { LineId = "EDGE-L4", Sku = "EDGE-4", Category = "underwear", Quantity = 4, UnitPriceMinor = 1, Reason = "no_longer_wanted", DaysSinceDelivery = 31 }),
        ("line defect under warranty after 730 days, 1,000,000 units", new ReturnLineFact { LineId = "EDGE-L5", Sku = "EDGE-5", Category = "bulk", Quantity = 1_000_000, UnitPriceMinor = 1_000_000_000_000, Reason = "defect_under_warranty", DaysSinceDelivery = 731 }),
        ("line with empty texts", new ReturnLineFact { Quantity = 1 }),
    ];
}

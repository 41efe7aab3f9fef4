namespace Sourcing.Rules.Facts;

// The facts rules reason over. Plain data with no methods beyond what a record generates: expressions in rule files
// may read these properties and nothing else (see ExpressionSafety). Money is integer minor units.

/// <summary>The order being sourced.</summary>
public sealed record OrderFact
{
    public string Id { get; init; } = "";
    public string Channel { get; init; } = "";
    public string CustomerSegment { get; init; } = "";
    /// <summary>ISO 3166-1 alpha-2 country of the destination.</summary>
    public string Country { get; init; } = "";
    /// <summary>e.g. "standard", "express", "pickup".</summary>
    public string DeliveryMethod { get; init; } = "";
    public long TotalMinor { get; init; }
    public string Currency { get; init; } = "EUR";
    /// <summary>e.g. "card", "paypal", "invoice", "cod".</summary>
    public string PaymentMethod { get; init; } = "";
    /// <summary>0 (clean) to 100 (certain fraud), from the fraud screening service.</summary>
    public int FraudScore { get; init; }
    public int LineCount { get; init; }
}

/// <summary>One line of the order.</summary>
public sealed record LineFact
{
    public int Index { get; init; }
    public string Sku { get; init; } = "";
    public int Quantity { get; init; }
    public int WeightGrams { get; init; }
    public string Category { get; init; } = "";
    public bool Hazardous { get; init; }
    public long ValueMinor { get; init; }
    /// <summary>Lines with the same kit id belong to one kit (a bundle sold as one).</summary>
    public string KitId { get; init; } = "";
}

/// <summary>A candidate location as seen from one line: its own attributes plus the line's SKU stock there.</summary>
public sealed record LocationFact
{
    public string Id { get; init; } = "";
    /// <summary>"warehouse", "store", "dropship" or "darkstore".</summary>
    public string Type { get; init; } = "";
    public string Country { get; init; } = "";
    public double DistanceKm { get; init; }
    /// <summary>Units of the line's SKU available here.</summary>
    public long StockOfSku { get; init; }
    /// <summary>Units this location can still pick today; -1 when it has no limit.</summary>
    public long CapacityLeftUnits { get; init; } = -1;
    /// <summary>Share of today's unit capacity already used, 0-100; 0 when it has no limit.</summary>
    public int CapacityUsedPercent { get; init; }
    public int ProcessingHours { get; init; }
    public bool ShipsParcels { get; init; }
    public bool CustomerPickup { get; init; }
    public bool ShipFromStore { get; init; }
}

/// <summary>
/// The customer who placed the order, across channels. The segment, VIP flag and order history come from the customer
/// record (the survivor and everyone merged into it); the money and payment history from the service's own
/// receivables, in the order's currency; never from the caller.
/// </summary>
public sealed record CustomerFact
{
    public string Id { get; init; } = "";
    public string Segment { get; init; } = "";
    /// <summary>An agent made the customer a VIP, or its lifetime value reached the currency's VIP threshold.</summary>
    public bool IsVip { get; init; }
    /// <summary>Invoiced and not yet paid, overdue or not.</summary>
    public long OpenBalanceMinor { get; init; }
    /// <summary>The customer's own limit, else its segment's.</summary>
    public long CreditLimitMinor { get; init; }
    /// <summary>Orders the service holds for the customer, in any currency, cancelled ones included.</summary>
    public int OrdersCount { get; init; }
    /// <summary>Value of the units shipped to the customer minus the units it returned, in the order's currency.</summary>
    public long LifetimeValueMinor { get; init; }
    /// <summary>Units returned per unit shipped, in basis points (5000 = half came back; 0 when nothing shipped yet).</summary>
    public int ReturnRateBasisPoints { get; init; }
    /// <summary>The part of the open balance past its due date.</summary>
    public long OverdueMinor { get; init; }
    /// <summary>0 when no reminder is running; 1, 2, 3... as dunning raises overdue items.</summary>
    public int DunningLevel { get; init; }
    /// <summary>Invoices paid in full so far.</summary>
    public int InvoicesPaid { get; init; }
    /// <summary>Of those, the ones paid after their due date.</summary>
    public int InvoicesPaidLate { get; init; }
    /// <summary>Money the customer paid that no invoice has taken yet (a credit balance).</summary>
    public long UnallocatedMinor { get; init; }
}

/// <summary>A line with the locations that could source it.</summary>
public sealed record LineCandidates(LineFact Line, IReadOnlyList<LocationFact> Locations);

/// <summary>Everything one evaluation needs.</summary>
public sealed record RuleInput(OrderFact Order, CustomerFact Customer, IReadOnlyList<LineCandidates> Lines);

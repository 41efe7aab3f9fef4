namespace Sourcing.Rules.Facts;

// The facts return rules reason over, one returned line at a time. Plain data like the order facts: expressions may
// read these properties and nothing else. Money is integer minor units.

/// <summary>The return being asked for, and the order it returns goods of.</summary>
public sealed record ReturnFact
{
    /// <summary>"refund", "exchange", "replacement" or "repair".</summary>
    public string Kind { get; init; } = "";

    /// <summary>Where the return is asked for: "web", "call-centre", "store" or a channel id.</summary>
    public string RequestedVia { get; init; } = "";

    /// <summary>The channel the order was placed in ("web", "marketplace", "store", "callcenter", ...).</summary>
    public string OrderChannel { get; init; } = "";

    /// <summary>How the order was paid ("card", "paypal", "invoice", "cod", ...).</summary>
    public string PaymentMethod { get; init; } = "";

    /// <summary>The order's total, in its currency's minor units.</summary>
    public long OrderTotalMinor { get; init; }

    /// <summary>ISO 3166-1 alpha-2 country the order was delivered to.</summary>
    public string Country { get; init; } = "";
}

/// <summary>One line of the return: what comes back, why, and how long the customer has had it.</summary>
public sealed record ReturnLineFact
{
    /// <summary>The order line's id; names the line in the outcome, not meant for conditions.</summary>
    public string LineId { get; init; } = "";

    public string Sku { get; init; } = "";

    public string Category { get; init; } = "";

    /// <summary>Units asked to come back on this line.</summary>
    public int Quantity { get; init; }

    /// <summary>The gross price of one unit as ordered.</summary>
    public long UnitPriceMinor { get; init; }

    /// <summary>"damaged", "wrong_item", "does_not_fit", "no_longer_wanted" or "defect_under_warranty".</summary>
    public string Reason { get; init; } = "";

    /// <summary>Whole days in the seller's time zone since the line's latest units were delivered (or shipped): yesterday = 1.</summary>
    public int DaysSinceDelivery { get; init; }

    /// <summary>The line came free with another line (a gift with purchase).</summary>
    public bool IsFreeItem { get; init; }
}

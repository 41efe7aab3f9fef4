namespace Sourcing.Orders.Customers;

/// <summary>The customer settings of the "Customers" section (the host's credit limits live in the same section).</summary>
public sealed class CustomerOptions
{
    public const string Section = "Customers";

    /// <summary>How long an agent may undo a merge.</summary>
    public TimeSpan MergeUndoWindow { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Lifetime value (minor units, per currency) from which a customer counts as VIP for the rules, e.g.
    /// <c>{"EUR": 500000}</c>; a currency without an entry makes nobody VIP by value. Agents can make anyone VIP.
    /// </summary>
    public Dictionary<string, long> VipLifetimeValueMinor { get; set; } = new(StringComparer.Ordinal) { ["EUR"] = 500_000 };

    /// <summary>How many orders (newest first) the overview shows in full; ListOrders pages through the rest.</summary>
    public int OverviewOrderLimit { get; set; } = 50;

    /// <summary>Invoices, credit notes and payments the overview shows (newest first).</summary>
    public int OverviewDocumentLimit { get; set; } = 50;

    /// <summary>Invoices are kept this many years after the end of the year they were issued in (German HGB §257, AO §147).</summary>
    public int InvoiceRetentionYears { get; set; } = 10;

    /// <summary>The least score (0..1) a search hit needs: trigram similarity, or for a phone the share of its digits typed.</summary>
    public double SearchMinSimilarity { get; set; } = 0.3;

    public const int MaxIdentitiesPerCustomer = 50, MaxAddresses = 20, MaxConsents = 20, MaxContactHistory = 200;
    public const int MaxNameLength = 128, MaxEmailLength = 254, MaxPhoneLength = 32, MaxSearchTextLength = 200, MaxReasonLength = 500;
}

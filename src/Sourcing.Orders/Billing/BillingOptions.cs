namespace Sourcing.Orders.Billing;

/// <summary>How the business bills: who the seller is, number series, payment terms, invoicing mode and dunning.</summary>
public sealed class BillingOptions
{
    public const string Section = "Billing";

    public BillingParty Seller { get; set; } = new();

    /// <summary>Printed on invoices so customers paying by transfer know where to.</summary>
    public string BankIban { get; set; } = "";
    public string BankBic { get; set; } = "";

    /// <summary>IANA time zone of the seller: invoice, delivery and due dates are its local days.</summary>
    public string TimeZone { get; set; } = "Europe/Berlin";

    public string InvoiceSeries { get; set; } = "RE";
    public string CreditNoteSeries { get; set; } = "GS";
    public string DunningFeeSeries { get; set; } = "MG";

    /// <summary>One invoice per shipment (default), or one per order issued when nothing is left to ship.</summary>
    public InvoicingMode Invoicing { get; set; } = InvoicingMode.PerShipment;

    public PaymentTerms Terms { get; set; } = new() { NetDays = 14, DiscountDays = 7, DiscountBasisPoints = 200 };

    public DunningOptions Dunning { get; set; } = new();
}

public enum InvoicingMode
{
    PerShipment = 1,
    PerOrder = 2,
}

public sealed class DunningOptions
{
    /// <summary>Levels in ascending order: an open item reaches a level once it is that many days past due.</summary>
    public List<DunningLevelOptions> Levels { get; set; } =
    [
        new() { Level = 1, DaysOverdue = 7, FeeMinor = 0 },
        new() { Level = 2, DaysOverdue = 21, FeeMinor = 500 },
        new() { Level = 3, DaysOverdue = 35, FeeMinor = 1_000 },
    ];

    /// <summary>UTC hour of the day the scheduled run starts; runs on request at any time.</summary>
    public int ScheduledHourUtc { get; set; } = 2;
}

public sealed class DunningLevelOptions
{
    public int Level { get; set; }
    public int DaysOverdue { get; set; }
    public long FeeMinor { get; set; }
}

namespace Sourcing.Orders.Returns;

/// <summary>The "Returns" settings.</summary>
public sealed class ReturnOptions
{
    public const string Section = "Returns";

    /// <summary>An authorised return runs out when nothing was handed over within this time.</summary>
    public TimeSpan AuthorisationValidity { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Goods sent or refunded ahead must be back within this many days unless the policy says otherwise.</summary>
    public int DefaultReturnWithinDays { get; set; } = 14;

    /// <summary>The time zone whose calendar days count "days since delivery".</summary>
    public string TimeZone { get; set; } = "Europe/Berlin";

    /// <summary>
    /// Refund a return's units when they are received (the default). False: refunds wait for an agent's RefundNow
    /// (instant refunds at drop-off still follow the policy).
    /// </summary>
    public bool RefundOnReceipt { get; set; } = true;

    public int MaxLinesPerReturn { get; set; } = 100;

    /// <summary>Returns one order may have in all (any status): a bound on the order document.</summary>
    public int MaxReturnsPerOrder { get; set; } = 50;

    /// <summary>Receipts one return may have (parcels arriving separately).</summary>
    public int MaxReceiptsPerReturn { get; set; } = 20;

    public const int MaxReasonTextLength = 500, MaxNoteLength = 500, MaxRequestIdLength = 128;
}

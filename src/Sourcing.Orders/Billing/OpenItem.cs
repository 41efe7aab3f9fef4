namespace Sourcing.Orders.Billing;

/// <summary>
/// An invoice as the customer's account sees it: what it asked for and what credit notes and payments took off it.
/// Open = gross − credited − paid; negative when more was credited than was still owed (money to pay back).
/// </summary>
public sealed class OpenItem
{
    public string InvoiceId { get; set; } = "";
    public string Number { get; set; } = "";
    public string OrderId { get; set; } = "";
    public InvoicePurpose Purpose { get; set; } = InvoicePurpose.Goods;
    public string PaymentMethod { get; set; } = "";
    public string Currency { get; set; } = "EUR";
    public long GrossMinor { get; set; }
    public long CreditedMinor { get; set; }
    public long PaidMinor { get; set; }
    public DateOnly IssuedOn { get; set; }
    public DateOnly DueDate { get; set; }
    public DateOnly? DiscountUntil { get; set; }
    public int DiscountBasisPoints { get; set; }

    /// <summary>0 until a dunning run raises it; the level of the last reminder sent for this item.</summary>
    public int DunningLevel { get; set; }
    public DateOnly? LastDunnedOn { get; set; }

    /// <summary>The day it was paid in full (null while open).</summary>
    public DateOnly? SettledOn { get; set; }

    public long OpenMinor => GrossMinor - CreditedMinor - PaidMinor;

    public bool IsOverdue(DateOnly today) => OpenMinor > 0 && today > DueDate;
}

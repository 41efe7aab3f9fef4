namespace Sourcing.Orders.Billing.Receivables;

/// <summary>Ids of what receivables record: a prefix naming the kind, then a time-ordered GUID.</summary>
internal static class BillingIds
{
    public static string NewPayment() => "pay_" + Guid.CreateVersion7().ToString("N");

    public static string NewAllocation() => "alc_" + Guid.CreateVersion7().ToString("N");

    public static string NewCreditNote() => "gs_" + Guid.CreateVersion7().ToString("N");

    public static string NewInvoice() => "inv_" + Guid.CreateVersion7().ToString("N");
}

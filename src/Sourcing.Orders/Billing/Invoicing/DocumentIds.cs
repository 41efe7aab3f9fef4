namespace Sourcing.Orders.Billing.Invoicing;

/// <summary>Ids of new billing documents: time-ordered (version 7) so they sort by creation, with a kind prefix.</summary>
public static class DocumentIds
{
    public static string NewInvoiceId() => "inv_" + Guid.CreateVersion7().ToString("N");

    public static string NewCreditNoteId() => "gs_" + Guid.CreateVersion7().ToString("N");

    public static string NewPaymentId() => "pay_" + Guid.CreateVersion7().ToString("N");

    public static string NewAllocationId() => "alc_" + Guid.CreateVersion7().ToString("N");
}

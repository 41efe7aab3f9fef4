namespace Sourcing.Benchmarks.Customers;

/// <summary>
/// The values a copy of an order template has of its own, by index, and the sentinels that stand for them in the
/// template. Ids the domain draws at random (RMA ids and numbers, invoice and credit note ids and numbers) are taken
/// from each template as built, so those are sentinels too.
/// </summary>
internal static class OrderSlots
{
    public const int OrderId = 0, ExternalNumber = 1, CustomerId = 2, Email = 3, Phone = 4, Identity = 5, Segment = 6,
        ShipName = 7, ShipStreet = 8, ShipPostalCode = 9, ShipCity = 10,
        BillName = 11, BillStreet = 12, BillPostalCode = 13, BillCity = 14,
        PaymentReference = 15, Tracking = 16,
        ReturnId = 17, ReturnNumber = 18, InvoiceId = 19, InvoiceNumber = 20, CreditNoteId = 21, CreditNoteNumber = 22;

    public const int Count = 23;

    /// <summary>The sentinels every template is built with (the random ones are filled in per template).</summary>
    public static string[] Sentinels(int template) =>
    [
        $"QQORDER{template:D2}QQ", $"QQEXTNO{template:D2}QQ", $"QQCUSTOMER{template:D2}QQ", $"qqemail{template:D2}qq@qq.example", "+49 000 QQPHONEQQ",
        $"QQACCOUNT{template:D2}QQ", "QQSEGMENTQQ",
        "QQSHIPNAMEQQ", "QQSHIPSTREETQQ", "QQSHIPPOSTALQQ", "QQSHIPCITYQQ",
        "QQBILLNAMEQQ", "QQBILLSTREETQQ", "QQBILLPOSTALQQ", "QQBILLCITYQQ",
        $"QQPAYREF{template:D2}QQ", $"QQTRACK{template:D2}QQ",
        "(no return)", "(no rma)", "(no invoice)", "(no invoice number)", "(no credit note)", "(no credit note number)",
    ];
}

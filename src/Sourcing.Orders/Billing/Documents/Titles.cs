namespace Sourcing.Orders.Billing.Documents;

/// <summary>The German words an invoice PDF prints for the model's codes (with the English title beside the German).</summary>
internal static class Titles
{
    public static string Of(BillingDocument document) => document switch
    {
        { Kind: BillingDocumentKind.CreditNote } => "Rechnungskorrektur (Gutschrift)",
        { Purpose: InvoicePurpose.DunningFee } => "Rechnung (Mahngebühr)",
        { Purpose: InvoicePurpose.ReturnCharge } => "Rechnung (nicht zurückgesandte Ware)",
        _ => "Rechnung",
    };

    public static string EnglishOf(BillingDocument document) => document switch
    {
        { Kind: BillingDocumentKind.CreditNote } => "Credit note",
        { Purpose: InvoicePurpose.DunningFee } => "Invoice (dunning fee)",
        { Purpose: InvoicePurpose.ReturnCharge } => "Invoice (goods not returned)",
        _ => "Invoice",
    };

    public static string DateLabelOf(BillingDocument document) =>
        document.Kind == BillingDocumentKind.CreditNote ? "Datum" : "Rechnungsdatum";

    public static string ReasonOf(CreditReason? reason) => reason switch
    {
        CreditReason.Cancellation => "Stornierung nicht gelieferter Artikel",
        CreditReason.PriceAdjustment => "Preisanpassung",
        CreditReason.Return => "Rücksendung",
        _ => "Korrektur",
    };

    public static string PaymentMethodOf(string code) => code switch
    {
        PaymentMethods.Card => "Kreditkarte",
        PaymentMethods.Wallet => "Wallet",
        PaymentMethods.PayPal => "PayPal",
        PaymentMethods.Invoice => "Kauf auf Rechnung",
        PaymentMethods.Prepayment => "Vorkasse",
        PaymentMethods.SepaDirectDebit => "SEPA-Lastschrift",
        PaymentMethods.CashOnDelivery => "Nachnahme",
        PaymentMethods.InStore => "Zahlung im Geschäft",
        PaymentMethods.NoCharge => "Kostenlos",
        _ => code,
    };

    public static string CountryOf(string code) => code switch
    {
        "AT" => "Österreich",
        "CH" => "Schweiz",
        "FR" => "Frankreich",
        "NL" => "Niederlande",
        "BE" => "Belgien",
        "LU" => "Luxemburg",
        "IT" => "Italien",
        "ES" => "Spanien",
        "PL" => "Polen",
        "DK" => "Dänemark",
        _ => code,
    };
}

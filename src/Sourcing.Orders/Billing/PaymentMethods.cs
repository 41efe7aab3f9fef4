namespace Sourcing.Orders.Billing;

public enum PaymentMethodKind
{
    /// <summary>Card or wallet (PayPal and the like): authorised by the channel's payment provider, captured on shipment.</summary>
    Authorised = 1,

    /// <summary>Purchase on invoice (Kauf auf Rechnung): the customer pays the invoice by its due date.</summary>
    Invoice = 2,

    /// <summary>The order waits, held, until the customer's payment arrives.</summary>
    Prepayment = 3,

    /// <summary>SEPA direct debit under the customer's mandate: collected on shipment like a capture.</summary>
    DirectDebit = 4,

    /// <summary>The carrier collects the money on delivery.</summary>
    CashOnDelivery = 5,

    /// <summary>Paid at the store counter when the order was placed.</summary>
    InStore = 6,

    /// <summary>
    /// Nothing to pay (an exchange or replacement order a return created): no payment checks, no capture, no
    /// prepayment hold; its shipments total 0 and so issue no invoice.
    /// </summary>
    NoCharge = 7,
}

/// <summary>The payment method codes an order may carry, and what each means for billing.</summary>
public static class PaymentMethods
{
    public const string Card = "card";
    public const string Wallet = "wallet";
    public const string PayPal = "paypal";
    public const string Invoice = "invoice";
    public const string Prepayment = "prepayment";
    public const string SepaDirectDebit = "sepa_direct_debit";
    public const string CashOnDelivery = "cod";
    public const string InStore = "in_store";
    public const string NoCharge = "no_charge";

    public static readonly IReadOnlyDictionary<string, PaymentMethodKind> Kinds = new Dictionary<string, PaymentMethodKind>(StringComparer.Ordinal)
    {
        [Card] = PaymentMethodKind.Authorised,
        [Wallet] = PaymentMethodKind.Authorised,
        [PayPal] = PaymentMethodKind.Authorised,
        [Invoice] = PaymentMethodKind.Invoice,
        [Prepayment] = PaymentMethodKind.Prepayment,
        [SepaDirectDebit] = PaymentMethodKind.DirectDebit,
        [CashOnDelivery] = PaymentMethodKind.CashOnDelivery,
        [InStore] = PaymentMethodKind.InStore,
        [NoCharge] = PaymentMethodKind.NoCharge,
    };

    public static PaymentMethodKind? KindOf(string method) => Kinds.TryGetValue(method, out var kind) ? kind : null;

    /// <summary>
    /// What a channel may place an order with: every method but no_charge, which only the service itself uses (for an
    /// order a return creates) — from a channel it would bill real prices on account past the payment rules' checks.
    /// </summary>
    public static readonly IReadOnlyList<string> ChannelMethods = Kinds.Keys.Where(m => m != NoCharge).ToList();

    /// <summary>Methods whose money the service asks the payment integration to take on shipment (and pay back on credit).</summary>
    public static bool IsCapturedOnShipment(PaymentMethodKind kind) => kind is PaymentMethodKind.Authorised or PaymentMethodKind.DirectDebit;
}

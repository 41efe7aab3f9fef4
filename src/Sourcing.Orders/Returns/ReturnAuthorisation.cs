namespace Sourcing.Orders.Returns;

// A return authorisation (RMA) is stored inside its order's document (OrderDocument.Returns): the order is the unit
// of consistency, so "never more returned than shipped" is checked and saved under the order's version, and every
// step of a return lands in the order's history and event feed in the same transaction. Stores keep an index of
// returns beside the order (ReturnProjection) to find one by id or number and to list them.
// Behaviour and invariants live in Order (Order.Returns.cs) and ReturnService; these are plain data.

public enum ReturnKind
{
    /// <summary>The goods come back and the money goes back (credit note, refund or store credit).</summary>
    Refund = 1,

    /// <summary>The goods come back and other goods (another size, colour, SKU) go out under a linked order at no charge.</summary>
    Exchange = 2,

    /// <summary>Damaged or wrongly delivered goods: the same goods go out again under a linked order at no charge.</summary>
    Replacement = 3,

    /// <summary>The goods go to a repair partner and back to the customer.</summary>
    Repair = 4,
}

public enum ReturnReason
{
    Damaged = 1,
    WrongItem = 2,
    DoesNotFit = 3,
    NoLongerWanted = 4,
    DefectUnderWarranty = 5,
}

public enum ReturnStatus
{
    /// <summary>Authorised; the customer has not handed the goods over yet.</summary>
    Authorised = 1,

    /// <summary>Handed to a carrier or dropped at a store; not yet received where it is going.</summary>
    DroppedOff = 2,

    /// <summary>Some of the authorised units are received and inspected; more may follow.</summary>
    PartlyReceived = 3,

    /// <summary>Every authorised unit is received and inspected (refund, linked order or repair may still be running).</summary>
    Received = 4,

    /// <summary>Repair: the units are with the repair partner.</summary>
    AtRepairPartner = 5,

    /// <summary>Repair: the partner repaired the units; they are to be shipped back.</summary>
    Repaired = 6,

    /// <summary>Repair: the partner could not repair the units; a resolution (ship back, refund, replace) is chosen.</summary>
    NotRepairable = 7,

    /// <summary>Repair: the units are on their way back to the customer.</summary>
    ShippedBack = 8,

    /// <summary>Nothing is left to do.</summary>
    Closed = 9,

    /// <summary>Cancelled before anything was received.</summary>
    Cancelled = 10,

    /// <summary>Nothing arrived before the authorisation ran out; its units may be returned under a new RMA.</summary>
    Expired = 11,
}

/// <summary>What the inspection at the receiving location found for a unit.</summary>
public enum UnitGrade
{
    /// <summary>As new: back into sellable stock at the receiving location.</summary>
    Resellable = 1,

    /// <summary>Needs refurbishing: quarantined, not sellable.</summary>
    NeedsRefurbishing = 2,

    /// <summary>Damaged beyond resale: written off.</summary>
    Damaged = 3,

    /// <summary>Goes back to the supplier (defect under the supplier's warranty, recall).</summary>
    ToSupplier = 4,
}

/// <summary>What happens to received units, decided by their grade (see <see cref="ReturnDispositions"/>).</summary>
public enum Disposition
{
    Restock = 1,
    Quarantine = 2,
    WriteOff = 3,
    ReturnToSupplier = 4,
}

public static class ReturnDispositions
{
    public static Disposition Of(UnitGrade grade) => grade switch
    {
        UnitGrade.Resellable => Disposition.Restock,
        UnitGrade.NeedsRefurbishing => Disposition.Quarantine,
        UnitGrade.Damaged => Disposition.WriteOff,
        UnitGrade.ToSupplier => Disposition.ReturnToSupplier,
        _ => throw new ArgumentOutOfRangeException(nameof(grade), grade, "unknown grade"),
    };
}

/// <summary>Where the money of a refund goes.</summary>
public enum RefundDestination
{
    /// <summary>A credit note; money already taken is asked back from the payment method that took it.</summary>
    OriginalPayment = 1,

    /// <summary>A credit note; money already taken stays with the customer as a credit balance for later orders.</summary>
    StoreCredit = 2,
}

/// <summary>When the refund of a return is issued.</summary>
public enum RefundTrigger
{
    /// <summary>When the units are received and inspected (the default).</summary>
    Receipt = 1,

    /// <summary>When the customer hands the units over (a rule trusts the customer: instant refund).</summary>
    DropOff = 2,

    /// <summary>An agent decided to refund now (e.g. a repair that could not be done).</summary>
    Agent = 3,
}

/// <summary>One order line's units in a return.</summary>
public sealed class ReturnLine
{
    public string LineId { get; set; } = "";
    public string Sku { get; set; } = "";

    /// <summary>Units authorised to come back.</summary>
    public int Quantity { get; set; }
    public ReturnReason Reason { get; set; }

    /// <summary>The customer's or agent's words (bounded).</summary>
    public string ReasonText { get; set; } = "";

    /// <summary>Exchange: the SKU to send instead (another size or colour); empty means the same SKU.</summary>
    public string ExchangeSku { get; set; } = "";

    /// <summary>The restocking fee the return policy set for this line, in basis points of its refunded gross (0: none).</summary>
    public int RestockingFeeBasisPoints { get; set; }

    /// <summary>Units received so far (any grade).</summary>
    public int Received { get; set; }

    /// <summary>Units refunded so far (by credit notes of this return).</summary>
    public int Refunded { get; set; }

    public int Outstanding => Quantity - Received;
}

/// <summary>Units of one line received together with one grade.</summary>
public sealed class InspectedUnits
{
    public string LineId { get; set; } = "";
    public UnitGrade Grade { get; set; }
    public int Quantity { get; set; }
    public string Note { get; set; } = "";
    public Disposition Disposition => ReturnDispositions.Of(Grade);

    /// <summary>Restock only: the stock adjustment's request id, derived from the receipt, so it is applied once.</summary>
    public string StockRequestId { get; set; } = "";

    /// <summary>Restock only: the inventory confirmed the adjustment.</summary>
    public bool Restocked { get; set; }
}

/// <summary>One delivery of returned units at a location (a return may arrive in several parcels).</summary>
public sealed class ReturnReceipt
{
    public string ReceiptId { get; set; } = "";

    /// <summary>The caller's request id: a repeat of the same receipt is answered with it and changes nothing.</summary>
    public string RequestId { get; set; } = "";
    public string LocationId { get; set; } = "";
    public DateTimeOffset ReceivedAt { get; set; }
    public string ReceivedBy { get; set; } = "";
    public List<InspectedUnits> Units { get; set; } = [];
}

public sealed class RefundedUnits
{
    public string LineId { get; set; } = "";
    public int Quantity { get; set; }
}

public enum RefundStatus
{
    /// <summary>Decided; its credit note is not issued yet (billing unreachable, invoice not yet issued): retried.</summary>
    Pending = 1,
    Issued = 2,
}

/// <summary>
/// Money given back for units of one invoice: exactly one credit note, whose request id is derived from the refund's
/// id so a retry after a crash finds the note instead of issuing a second one.
/// </summary>
public sealed class ReturnRefund
{
    public string RefundId { get; set; } = "";
    public RefundTrigger Trigger { get; set; }
    public RefundDestination Destination { get; set; }
    public RefundStatus Status { get; set; }
    public string InvoiceId { get; set; } = "";
    public string InvoiceNumber { get; set; } = "";
    public List<RefundedUnits> Lines { get; set; } = [];

    /// <summary>Gross of the credited goods, before deductions.</summary>
    public long GoodsMinor { get; set; }

    /// <summary>Restocking fees kept (positive).</summary>
    public long RestockingFeeMinor { get; set; }

    /// <summary>The value of free items that came with the returned goods and were not returned (positive).</summary>
    public long FreeItemsMinor { get; set; }

    /// <summary>What the credit note credits: goods − fees − free items kept.</summary>
    public long AmountMinor { get; set; }
    public string Currency { get; set; } = "EUR";
    public DateTimeOffset DecidedAt { get; set; }
    public string DecidedBy { get; set; } = "";
    public string CreditNoteId { get; set; } = "";
    public string CreditNoteNumber { get; set; } = "";
    public DateTimeOffset? IssuedAt { get; set; }

    /// <summary>Why it is still pending (the last failure), for the service view.</summary>
    public string LastError { get; set; } = "";

    public string CreditNoteRequestId => "return-refund:" + RefundId;
}

public enum RepairOutcome
{
    Repaired = 1,
    NotRepairable = 2,
}

/// <summary>What happens after a repair partner could not repair the units.</summary>
public enum RepairResolution
{
    /// <summary>The units go back to the customer as they are.</summary>
    ShipBack = 1,

    /// <summary>The customer gets the money back (the units stay with the retailer).</summary>
    Refund = 2,

    /// <summary>The customer gets the same goods again under a linked order.</summary>
    Replace = 3,
}

public sealed class RepairRecord
{
    public string PartnerName { get; set; } = "";
    public string PartnerReference { get; set; } = "";
    public DateTimeOffset? SentAt { get; set; }
    public RepairOutcome? Outcome { get; set; }
    public RepairResolution? Resolution { get; set; }
    public string OutcomeNote { get; set; } = "";
    public DateTimeOffset? OutcomeAt { get; set; }
    public string Carrier { get; set; } = "";
    public string TrackingNumber { get; set; } = "";
    public DateTimeOffset? ShippedBackAt { get; set; }
}

/// <summary>
/// The exchange or replacement order a return creates. It is created with a request id derived from the return, so a
/// retry after a crash finds the order instead of creating a second one.
/// </summary>
public sealed class LinkedOrder
{
    /// <summary>Empty until the order is created (then the request below found it).</summary>
    public string OrderId { get; set; } = "";
    public string RequestId { get; set; } = "";

    /// <summary>Sent before the return arrived (the policy allowed it): the units are charged if they never come.</summary>
    public bool ShippedBeforeReturn { get; set; }
    public DateTimeOffset DecidedAt { get; set; }
    public string LastError { get; set; } = "";
}

/// <summary>The invoice charging units sent out ahead (replacement, exchange) or refunded at drop-off that never came back.</summary>
public sealed class ReturnCharge
{
    public string InvoiceId { get; set; } = "";
    public string InvoiceNumber { get; set; } = "";
    public List<RefundedUnits> Lines { get; set; } = [];
    public long AmountMinor { get; set; }
    public DateTimeOffset DecidedAt { get; set; }

    /// <summary>How many receipts the return had when the charge was decided: units of later receipts came back after all.</summary>
    public int ReceiptsWhenDecided { get; set; }
    public DateTimeOffset? IssuedAt { get; set; }
    public string LastError { get; set; } = "";
    public string SourceKey(string rmaId) => "return-charge:" + rmaId;
}

/// <summary>A return authorisation (RMA), stored in its order's document.</summary>
public sealed class ReturnAuthorisation
{
    /// <summary>"rma_" + a version 7 GUID.</summary>
    public string Id { get; set; } = "";

    /// <summary>What customers and staff type: "RMA-" + 10 Crockford base32 characters; unique across orders.</summary>
    public string Number { get; set; } = "";

    /// <summary>The caller's request id and a fingerprint of the request: a repeat answers with this return.</summary>
    public string RequestId { get; set; } = "";
    public string Fingerprint { get; set; } = "";

    public ReturnKind Kind { get; set; }
    public ReturnStatus Status { get; set; }

    /// <summary>Where the return was asked for ("web", "call-centre", "store", a channel id).</summary>
    public string RequestedVia { get; set; } = "";
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The authorisation runs out when nothing was handed over by then.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Where the goods are to go, proposed by the service (or the store the customer chose), and why.</summary>
    public string DestinationLocationId { get; set; } = "";
    public List<string> DestinationExplanation { get; set; } = [];

    /// <summary>Where the goods were handed over (a store, "carrier"), and when.</summary>
    public string DropOffPoint { get; set; } = "";
    public DateTimeOffset? DroppedOffAt { get; set; }

    public RefundDestination RefundDestination { get; set; } = RefundDestination.OriginalPayment;

    /// <summary>The policy trusts the customer: refund when the goods are handed over, not when received.</summary>
    public bool InstantRefund { get; set; }

    /// <summary>The policy lets a replacement or exchange ship before the return arrives.</summary>
    public bool ShipBeforeReturn { get; set; }

    /// <summary>Goods sent or refunded ahead must be back by then, or they are charged.</summary>
    public DateTimeOffset? ReturnDueBy { get; set; }

    /// <summary>The policy's days for goods sent or refunded ahead to come back (the service's default when it set none).</summary>
    public int ReturnWithinDays { get; set; }

    /// <summary>Received units are refunded when received (the service's setting when authorised); false: an agent refunds.</summary>
    public bool RefundsOnReceipt { get; set; }

    /// <summary>The rules version the policy was decided with, and its decisions in words.</summary>
    public string PolicyRulesVersion { get; set; } = "";
    public List<string> PolicyExplanation { get; set; } = [];

    /// <summary>An agent authorised the return against the policy: who and why (empty when the policy allowed it).</summary>
    public string PolicyOverriddenBy { get; set; } = "";
    public string PolicyOverrideReason { get; set; } = "";

    public List<ReturnLine> Lines { get; set; } = [];
    public List<ReturnReceipt> Receipts { get; set; } = [];
    public List<ReturnRefund> Refunds { get; set; } = [];
    public LinkedOrder? LinkedOrder { get; set; }
    public ReturnCharge? Charge { get; set; }
    public RepairRecord? Repair { get; set; }

    public string CancelReason { get; set; } = "";

    /// <summary>Open: units may still arrive or work is left (refunds, restocks, a linked order, a charge).</summary>
    public bool IsOpen => Status is not (ReturnStatus.Closed or ReturnStatus.Cancelled or ReturnStatus.Expired);
}

/// <summary>On an exchange or replacement order: the return it was created for.</summary>
public sealed class ReturnLink
{
    public string OriginalOrderId { get; set; } = "";
    public string ReturnId { get; set; } = "";
    public string ReturnNumber { get; set; } = "";
    public ReturnKind Kind { get; set; }
}

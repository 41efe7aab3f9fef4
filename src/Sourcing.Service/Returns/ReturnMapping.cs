using Google.Protobuf.WellKnownTypes;
using Sourcing.Orders;
using Sourcing.Orders.Returns;
using Proto = Sourcing.V1;

namespace Sourcing.Service.Returns;

/// <summary>Returns between the domain and the wire: enums both ways, the return as a service agent sees it.</summary>
internal static class ReturnMapping
{
    public static Proto.Return ToProto(Order order, ReturnAuthorisation rma)
    {
        var document = order.Document;
        var message = new Proto.Return
        {
            ReturnId = rma.Id,
            Number = rma.Number,
            Kind = ToProto(rma.Kind),
            Status = ToProto(rma.Status),
            OrderId = document.OrderId,
            Channel = document.Channel,
            CustomerId = document.Customer.Id,
            RequestedVia = rma.RequestedVia,
            CreatedBy = rma.CreatedBy,
            CreatedAt = Time(rma.CreatedAt),
            UpdatedAt = Time(rma.UpdatedAt),
            ExpiresAt = Time(rma.ExpiresAt),
            ReturnDueBy = Time(rma.ReturnDueBy),
            DestinationLocationId = rma.DestinationLocationId,
            DestinationExplanation = { rma.DestinationExplanation },
            DropOffPoint = rma.DropOffPoint,
            DroppedOffAt = Time(rma.DroppedOffAt),
            RefundDestination = ToProto(rma.RefundDestination),
            InstantRefund = rma.InstantRefund,
            ShipBeforeReturn = rma.ShipBeforeReturn,
            PolicyRulesVersion = rma.PolicyRulesVersion,
            PolicyExplanation = { rma.PolicyExplanation },
            PolicyOverriddenBy = rma.PolicyOverriddenBy,
            PolicyOverrideReason = rma.PolicyOverrideReason,
            CancelReason = rma.CancelReason,
        };
        message.Lines.AddRange(rma.Lines.Select(l => new Proto.ReturnLineDetail
        {
            LineId = l.LineId,
            Sku = l.Sku,
            Authorised = l.Quantity,
            Received = l.Received,
            Refunded = l.Refunded,
            Reason = ToProto(l.Reason),
            ReasonText = l.ReasonText,
            ExchangeSku = l.ExchangeSku,
            RestockingFeeBasisPoints = l.RestockingFeeBasisPoints,
        }));
        message.Receipts.AddRange(rma.Receipts.Select(r => new Proto.ReturnReceiptDetail
        {
            ReceiptId = r.ReceiptId,
            LocationId = r.LocationId,
            ReceivedAt = Time(r.ReceivedAt),
            ReceivedBy = r.ReceivedBy,
            Units =
            {
                r.Units.Select(u => new Proto.InspectedUnitsDetail
                {
                    LineId = u.LineId, Grade = ToProto(u.Grade), Quantity = u.Quantity, Note = u.Note, Disposition = ToProto(u.Disposition), Restocked = u.Restocked,
                }),
            },
        }));
        message.Refunds.AddRange(rma.Refunds.Select(ToProto));
        if (rma.LinkedOrder is { } linked)
        {
            message.LinkedOrder = new Proto.LinkedOrderDetail
            {
                OrderId = linked.OrderId, ShippedBeforeReturn = linked.ShippedBeforeReturn, DecidedAt = Time(linked.DecidedAt), LastError = linked.LastError,
            };
        }

        if (rma.Charge is { } charge)
        {
            message.Charge = new Proto.ReturnChargeDetail
            {
                InvoiceId = charge.InvoiceId,
                InvoiceNumber = charge.InvoiceNumber,
                Lines = { charge.Lines.Select(Units) },
                AmountMinor = charge.AmountMinor,
                DecidedAt = Time(charge.DecidedAt),
                IssuedAt = Time(charge.IssuedAt),
                LastError = charge.LastError,
            };
        }

        if (rma.Repair is { } repair)
        {
            message.Repair = new Proto.RepairDetail
            {
                PartnerName = repair.PartnerName,
                PartnerReference = repair.PartnerReference,
                SentAt = Time(repair.SentAt),
                Outcome = repair.Outcome is { } outcome ? ToProto(outcome) : Proto.RepairOutcome.Unspecified,
                Resolution = repair.Resolution is { } resolution ? ToProto(resolution) : Proto.RepairResolution.Unspecified,
                OutcomeNote = repair.OutcomeNote,
                OutcomeAt = Time(repair.OutcomeAt),
                Carrier = repair.Carrier,
                TrackingNumber = repair.TrackingNumber,
                ShippedBackAt = Time(repair.ShippedBackAt),
            };
        }

        return message;
    }

    public static Proto.ReturnSummary ToProto(ReturnProjection summary) => new()
    {
        ReturnId = summary.ReturnId,
        Number = summary.Number,
        OrderId = summary.OrderId,
        Channel = summary.Channel,
        CustomerId = summary.CustomerId,
        Kind = ToProto(summary.Kind),
        Status = ToProto(summary.Status),
        DestinationLocationId = summary.DestinationLocationId,
        CreatedAt = Time(summary.CreatedAt),
        DueAt = Time(summary.DueAt),
    };

    /// <summary>The order's side: the return an exchange or replacement order was created for, and the order's own returns.</summary>
    public static void AddReturns(Proto.Order message, OrderDocument document)
    {
        if (document.CreatedForReturn is { } link)
        {
            message.CreatedForReturn = new Proto.ReturnLinkDetail
            {
                OriginalOrderId = link.OriginalOrderId, ReturnId = link.ReturnId, ReturnNumber = link.ReturnNumber, Kind = ToProto(link.Kind),
            };
        }

        message.Returns.AddRange(document.Returns.Select(r => new Proto.OrderReturnBrief
        {
            ReturnId = r.Id, Number = r.Number, Status = ToProto(r.Status), Kind = ToProto(r.Kind),
        }));
    }

    private static Proto.ReturnRefundDetail ToProto(ReturnRefund refund) => new()
    {
        RefundId = refund.RefundId,
        Trigger = refund.Trigger switch
        {
            RefundTrigger.Receipt => Proto.RefundTrigger.Receipt,
            RefundTrigger.DropOff => Proto.RefundTrigger.DropOff,
            RefundTrigger.Agent => Proto.RefundTrigger.Agent,
            _ => Proto.RefundTrigger.Unspecified,
        },
        Destination = ToProto(refund.Destination),
        Status = refund.Status switch
        {
            RefundStatus.Pending => Proto.RefundStatus.Pending,
            RefundStatus.Issued => Proto.RefundStatus.Issued,
            _ => Proto.RefundStatus.Unspecified,
        },
        InvoiceId = refund.InvoiceId,
        InvoiceNumber = refund.InvoiceNumber,
        Lines = { refund.Lines.Select(Units) },
        GoodsMinor = refund.GoodsMinor,
        RestockingFeeMinor = refund.RestockingFeeMinor,
        FreeItemsMinor = refund.FreeItemsMinor,
        AmountMinor = refund.AmountMinor,
        Currency = refund.Currency,
        CreditNoteId = refund.CreditNoteId,
        CreditNoteNumber = refund.CreditNoteNumber,
        DecidedAt = Time(refund.DecidedAt),
        IssuedAt = Time(refund.IssuedAt),
        LastError = refund.LastError,
    };

    private static Proto.RefundedUnitsDetail Units(RefundedUnits units) => new() { LineId = units.LineId, Quantity = units.Quantity };

    // ---- Enums. Unspecified (0) maps to null: the request reader reports it as a bad field. ----

    public static ReturnKind? KindOf(Proto.ReturnKind kind) => kind switch
    {
        Proto.ReturnKind.Refund => ReturnKind.Refund,
        Proto.ReturnKind.Exchange => ReturnKind.Exchange,
        Proto.ReturnKind.Replacement => ReturnKind.Replacement,
        Proto.ReturnKind.Repair => ReturnKind.Repair,
        _ => null,
    };

    public static Proto.ReturnKind ToProto(ReturnKind kind) => kind switch
    {
        ReturnKind.Refund => Proto.ReturnKind.Refund,
        ReturnKind.Exchange => Proto.ReturnKind.Exchange,
        ReturnKind.Replacement => Proto.ReturnKind.Replacement,
        ReturnKind.Repair => Proto.ReturnKind.Repair,
        _ => Proto.ReturnKind.Unspecified,
    };

    public static ReturnReason? ReasonOf(Proto.ReturnReason reason) => reason switch
    {
        Proto.ReturnReason.Damaged => ReturnReason.Damaged,
        Proto.ReturnReason.WrongItem => ReturnReason.WrongItem,
        Proto.ReturnReason.DoesNotFit => ReturnReason.DoesNotFit,
        Proto.ReturnReason.NoLongerWanted => ReturnReason.NoLongerWanted,
        Proto.ReturnReason.DefectUnderWarranty => ReturnReason.DefectUnderWarranty,
        _ => null,
    };

    public static Proto.ReturnReason ToProto(ReturnReason reason) => reason switch
    {
        ReturnReason.Damaged => Proto.ReturnReason.Damaged,
        ReturnReason.WrongItem => Proto.ReturnReason.WrongItem,
        ReturnReason.DoesNotFit => Proto.ReturnReason.DoesNotFit,
        ReturnReason.NoLongerWanted => Proto.ReturnReason.NoLongerWanted,
        ReturnReason.DefectUnderWarranty => Proto.ReturnReason.DefectUnderWarranty,
        _ => Proto.ReturnReason.Unspecified,
    };

    public static ReturnStatus? StatusOf(Proto.ReturnStatus status) =>
        status != Proto.ReturnStatus.Unspecified && System.Enum.IsDefined(typeof(ReturnStatus), (int)status) ? (ReturnStatus)(int)status : null;

    // The wire numbers the statuses as the domain does (both start at 1 in the same order).
    public static Proto.ReturnStatus ToProto(ReturnStatus status) =>
        System.Enum.IsDefined(typeof(Proto.ReturnStatus), (int)status) ? (Proto.ReturnStatus)(int)status : Proto.ReturnStatus.Unspecified;

    public static UnitGrade? GradeOf(Proto.UnitGrade grade) => grade switch
    {
        Proto.UnitGrade.Resellable => UnitGrade.Resellable,
        Proto.UnitGrade.NeedsRefurbishing => UnitGrade.NeedsRefurbishing,
        Proto.UnitGrade.Damaged => UnitGrade.Damaged,
        Proto.UnitGrade.ToSupplier => UnitGrade.ToSupplier,
        _ => null,
    };

    private static Proto.UnitGrade ToProto(UnitGrade grade) => grade switch
    {
        UnitGrade.Resellable => Proto.UnitGrade.Resellable,
        UnitGrade.NeedsRefurbishing => Proto.UnitGrade.NeedsRefurbishing,
        UnitGrade.Damaged => Proto.UnitGrade.Damaged,
        UnitGrade.ToSupplier => Proto.UnitGrade.ToSupplier,
        _ => Proto.UnitGrade.Unspecified,
    };

    private static Proto.UnitDisposition ToProto(Disposition disposition) => disposition switch
    {
        Disposition.Restock => Proto.UnitDisposition.Restock,
        Disposition.Quarantine => Proto.UnitDisposition.Quarantine,
        Disposition.WriteOff => Proto.UnitDisposition.WriteOff,
        Disposition.ReturnToSupplier => Proto.UnitDisposition.ReturnToSupplier,
        _ => Proto.UnitDisposition.Unspecified,
    };

    public static RefundDestination? DestinationOf(Proto.RefundDestination destination) => destination switch
    {
        Proto.RefundDestination.OriginalPayment => RefundDestination.OriginalPayment,
        Proto.RefundDestination.StoreCredit => RefundDestination.StoreCredit,
        _ => null,
    };

    private static Proto.RefundDestination ToProto(RefundDestination destination) => destination switch
    {
        RefundDestination.OriginalPayment => Proto.RefundDestination.OriginalPayment,
        RefundDestination.StoreCredit => Proto.RefundDestination.StoreCredit,
        _ => Proto.RefundDestination.Unspecified,
    };

    public static RepairOutcome? OutcomeOf(Proto.RepairOutcome outcome) => outcome switch
    {
        Proto.RepairOutcome.Repaired => RepairOutcome.Repaired,
        Proto.RepairOutcome.NotRepairable => RepairOutcome.NotRepairable,
        _ => null,
    };

    private static Proto.RepairOutcome ToProto(RepairOutcome outcome) => outcome switch
    {
        RepairOutcome.Repaired => Proto.RepairOutcome.Repaired,
        RepairOutcome.NotRepairable => Proto.RepairOutcome.NotRepairable,
        _ => Proto.RepairOutcome.Unspecified,
    };

    public static RepairResolution? ResolutionOf(Proto.RepairResolution resolution) => resolution switch
    {
        Proto.RepairResolution.ShipBack => RepairResolution.ShipBack,
        Proto.RepairResolution.Refund => RepairResolution.Refund,
        Proto.RepairResolution.Replace => RepairResolution.Replace,
        _ => null,
    };

    private static Proto.RepairResolution ToProto(RepairResolution resolution) => resolution switch
    {
        RepairResolution.ShipBack => Proto.RepairResolution.ShipBack,
        RepairResolution.Refund => Proto.RepairResolution.Refund,
        RepairResolution.Replace => Proto.RepairResolution.Replace,
        _ => Proto.RepairResolution.Unspecified,
    };

    private static Timestamp Time(DateTimeOffset value) => Timestamp.FromDateTimeOffset(value);

    private static Timestamp? Time(DateTimeOffset? value) => value is { } v ? Timestamp.FromDateTimeOffset(v) : null;
}

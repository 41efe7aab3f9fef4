using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Sourcing.Orders.Billing;
using Sourcing.Orders.Billing.Capture;
using Sourcing.Orders.Billing.Receivables;
using Proto = Sourcing.V1;

namespace Sourcing.Service.Billing;

/// <summary>The billing domain's values as BillingService messages: proto types stop here.</summary>
internal static class BillingMapping
{
    /// <summary>Calendar days travel as "YYYY-MM-DD" (the seller's local days), never as instants.</summary>
    public const string DayFormat = "yyyy-MM-dd";

    public static string Day(DateOnly day) => day.ToString(DayFormat, CultureInfo.InvariantCulture);

    public static string Day(DateOnly? day) => day is { } value ? Day(value) : "";

    public static Proto.BillingDocument ToProto(BillingDocument document)
    {
        var message = new Proto.BillingDocument
        {
            DocumentId = document.Id,
            Kind = document.Kind == BillingDocumentKind.CreditNote ? Proto.BillingDocumentKind.CreditNote : Proto.BillingDocumentKind.Invoice,
            Purpose = PurposeOf(document.Purpose),
            Series = document.Series,
            Year = document.Year,
            Sequence = document.Sequence,
            Number = document.Number,
            CustomerId = document.CustomerId,
            OrderId = document.OrderId,
            Channel = document.Channel,
            ExternalOrderNumber = document.ExternalOrderNumber,
            ShipmentId = document.ShipmentId,
            Currency = document.Currency,
            IssuedAt = Timestamp.FromDateTimeOffset(document.IssuedAt),
            DocumentDate = Day(document.DocumentDate),
            DeliveryDate = Day(document.DeliveryDate),
            Seller = ToProto(document.Seller),
            Buyer = ToProto(document.Buyer),
            NetTotalMinor = document.NetTotalMinor,
            VatTotalMinor = document.VatTotalMinor,
            GrossTotalMinor = document.GrossTotalMinor,
            PaymentMethod = document.PaymentMethod,
            Terms = new Proto.PaymentTerms
            {
                NetDays = document.Terms.NetDays,
                DiscountDays = document.Terms.DiscountDays,
                DiscountBasisPoints = document.Terms.DiscountBasisPoints,
            },
            DueDate = Day(document.DueDate),
            DiscountUntil = Day(document.DiscountUntil),
            CorrectsInvoiceId = document.CorrectsInvoiceId,
            CorrectsInvoiceNumber = document.CorrectsInvoiceNumber,
            CreditReason = document.CreditReason is { } reason ? ToProto(reason) : Proto.CreditReason.Unspecified,
            ReasonText = document.ReasonText,
        };
        message.Lines.AddRange(document.Lines.Select(line => new Proto.BillingDocumentLine
        {
            Position = line.Position,
            LineId = line.LineId,
            Sku = line.Sku,
            Description = line.Description,
            Quantity = line.Quantity,
            UnitGrossMinor = line.UnitGrossMinor,
            VatRateBasisPoints = line.VatRateBasisPoints,
            NetMinor = line.NetMinor,
            VatMinor = line.VatMinor,
            GrossMinor = line.GrossMinor,
        }));
        message.VatTotals.AddRange(document.VatTotals.Select(total => new Proto.VatTotal
        {
            RateBasisPoints = total.RateBasisPoints,
            NetMinor = total.NetMinor,
            VatMinor = total.VatMinor,
            GrossMinor = total.GrossMinor,
        }));
        return message;
    }

    public static Proto.BillingParty ToProto(BillingParty party) => new()
    {
        Name = party.Name,
        Street = party.Street,
        PostalCode = party.PostalCode,
        City = party.City,
        Country = party.Country,
        VatId = party.VatId,
        TaxNumber = party.TaxNumber,
        Email = party.Email,
    };

    public static Proto.CreditReason ToProto(CreditReason reason) => reason switch
    {
        CreditReason.Cancellation => Proto.CreditReason.Cancellation,
        CreditReason.PriceAdjustment => Proto.CreditReason.PriceAdjustment,
        CreditReason.Return => Proto.CreditReason.Return,
        _ => Proto.CreditReason.Unspecified,
    };

    public static CreditReason? CreditReasonOf(Proto.CreditReason reason) => reason switch
    {
        Proto.CreditReason.Cancellation => CreditReason.Cancellation,
        Proto.CreditReason.PriceAdjustment => CreditReason.PriceAdjustment,
        Proto.CreditReason.Return => CreditReason.Return,
        _ => null,
    };

    /// <summary>Only called after the request was checked: an unspecified result never gets here.</summary>
    public static PaymentResult ResultOf(Proto.PaymentResult result) => result switch
    {
        Proto.PaymentResult.Captured => PaymentResult.Captured,
        Proto.PaymentResult.Failed => PaymentResult.Failed,
        Proto.PaymentResult.AuthorisationExpired => PaymentResult.AuthorisationExpired,
        Proto.PaymentResult.Refunded => PaymentResult.Refunded,
        _ => throw new ArgumentOutOfRangeException(nameof(result), result, "not a payment result"),
    };

    public static BillingDocumentKind? KindOf(Proto.BillingDocumentKind kind) => kind switch
    {
        Proto.BillingDocumentKind.Invoice => BillingDocumentKind.Invoice,
        Proto.BillingDocumentKind.CreditNote => BillingDocumentKind.CreditNote,
        _ => null,
    };

    public static Proto.Payment ToProto(Payment payment) => new()
    {
        PaymentId = payment.Id,
        CustomerId = payment.CustomerId,
        Currency = payment.Currency,
        AmountMinor = payment.AmountMinor,
        UnallocatedMinor = payment.UnallocatedMinor,
        Source = ToProto(payment.Source),
        ExternalReference = payment.ExternalReference,
        ReceivedOn = Day(payment.ReceivedOn),
        RecordedAt = Timestamp.FromDateTimeOffset(payment.RecordedAt),
        RecordedBy = payment.RecordedBy,
        PayerName = payment.PayerName,
        RemittanceInfo = payment.RemittanceInfo,
        OrderId = payment.OrderId,
    };

    public static Proto.PaymentSource ToProto(PaymentSource source) => source switch
    {
        PaymentSource.Manual => Proto.PaymentSource.Manual,
        PaymentSource.BankStatement => Proto.PaymentSource.BankStatement,
        PaymentSource.Capture => Proto.PaymentSource.Capture,
        PaymentSource.Counter => Proto.PaymentSource.Counter,
        PaymentSource.Refund => Proto.PaymentSource.Refund,
        _ => Proto.PaymentSource.Unspecified,
    };

    public static Proto.PaymentAllocation ToProto(Allocation allocation) => new()
    {
        AllocationId = allocation.Id,
        PaymentId = allocation.PaymentId,
        InvoiceId = allocation.InvoiceId,
        AmountMinor = allocation.AmountMinor,
        Currency = allocation.Currency,
        AllocatedAt = Timestamp.FromDateTimeOffset(allocation.AllocatedAt),
        AllocatedBy = allocation.AllocatedBy,
    };

    public static Proto.BillingEventMessage ToProto(StoredBillingEvent stored) => new()
    {
        Position = stored.Position,
        Type = stored.Event.Type,
        OccurredAt = Timestamp.FromDateTimeOffset(stored.Event.OccurredAt),
        CustomerId = stored.Event.CustomerId,
        OrderId = stored.Event.OrderId,
        DocumentId = stored.Event.DocumentId,
        PaymentId = stored.Event.PaymentId,
        AmountMinor = stored.Event.AmountMinor,
        Currency = stored.Event.Currency,
        Detail = stored.Event.Detail,
    };

    public static Proto.CustomerAccount ToProto(CustomerAccountView account)
    {
        var message = new Proto.CustomerAccount
        {
            CustomerId = account.CustomerId,
            AsOf = Day(account.Today),
            DunningLevel = account.DunningLevel,
            InvoicesPaid = account.InvoicesPaid,
            InvoicesPaidLate = account.InvoicesPaidLate,
            Balances =
            {
                account.Balances.Select(b => new Proto.CurrencyBalance { Currency = b.Currency, OpenMinor = b.OpenMinor, OverdueMinor = b.OverdueMinor, CreditMinor = b.CreditMinor }),
            },
            OpenItems = { account.OpenItems.Select(ToProto) },
            Payments = { account.RecentPayments.Select(ToProto) },
            CreditNotes = { account.CreditNotes.Select(ToProto) },
        };
        if (account.CreditLimitMinor is { } limit)
        {
            message.CreditLimitMinor = limit;
        }

        return message;
    }

    public static Proto.OpenItem ToProto(OpenItemView item) => new()
    {
        InvoiceId = item.InvoiceId,
        Number = item.Number,
        OrderId = item.OrderId,
        Purpose = PurposeOf(item.Purpose),
        Currency = item.Currency,
        GrossMinor = item.GrossMinor,
        CreditedMinor = item.CreditedMinor,
        PaidMinor = item.PaidMinor,
        OpenMinor = item.OpenMinor,
        IssuedOn = Day(item.IssuedOn),
        DueDate = Day(item.DueDate),
        DiscountUntil = Day(item.DiscountUntil),
        DaysOverdue = item.DaysOverdue,
        DunningLevel = item.DunningLevel,
    };

    private static Proto.InvoicePurpose PurposeOf(InvoicePurpose purpose) => purpose switch
    {
        InvoicePurpose.DunningFee => Proto.InvoicePurpose.DunningFee,
        InvoicePurpose.ReturnCharge => Proto.InvoicePurpose.ReturnCharge,
        _ => Proto.InvoicePurpose.Goods,
    };
}

using System.Globalization;
using Sourcing.Orders.Billing;
using Sourcing.Orders.Billing.Invoicing;
using Sourcing.Orders.Billing.Receivables;
using Sourcing.Service.Errors;
using Sourcing.Service.Inventory;
using Sourcing.Service.Sourcing;
using Proto = Sourcing.V1;

namespace Sourcing.Service.Billing;

/// <summary>
/// Checks BillingService requests field by field (every problem at once, named as in the proto) before anything is
/// read or changed. Every string, number and list has a bound.
/// </summary>
internal static class BillingRequestReader
{
    /// <summary>Ten to the fifteen minor units: more money than any one payment or invoice, and far from overflow when summed.</summary>
    public const long MaxAmountMinor = 1_000_000_000_000_000;
    public const int MaxDocumentRefLength = 64;
    public const int MaxCustomerIdLength = SourcingRequestReader.MaxCustomerIdLength;
    public const int MaxOrderIdLength = 128;
    public const int MaxReferenceLength = 128;
    public const int MaxReasonLength = 500;
    public const int MaxPayerNameLength = 140;
    public const int MaxRemittanceLength = 500;
    public const int MaxListResults = 200;
    public const int DefaultListResults = 50;
    public const int MaxCreditNoteLines = 500;

    /// <summary>An invoice has at most 500 goods lines plus its shipping charge; positions beyond this are typos.</summary>
    public const int MaxLinePosition = 1_000;
    public const int MaxAssignedInvoices = 100;
    public const int MaxWatchFilters = 20;
    public const int MaxQuantity = SourcingRequestReader.MaxQuantityPerLine;

    /// <summary>Days before this are typos, not bookings.</summary>
    private static readonly DateOnly EarliestDay = new(2000, 1, 1);

    public static void DocumentRef(ProblemList problems, string field, string value) => problems.RequiredText(field, value, MaxDocumentRefLength);

    public static void CustomerId(ProblemList problems, string field, string value) => problems.RequiredText(field, value, MaxCustomerIdLength);

    public static void RequestId(ProblemList problems, string value) => problems.RequestId("request_id", value, StockLedger.MaxRequestIdLength);

    public static void Amount(ProblemList problems, string field, long value, long min = 1) => problems.InRange(field, value, min, MaxAmountMinor);

    public static void Currency(ProblemList problems, string field, string value)
    {
        if (!IsoCurrencies.IsKnown(value))
        {
            problems.Add(field, $"'{ProblemList.Printable(value.Length > 8 ? value[..8] + "..." : value)}' is not an ISO 4217 currency code such as EUR");
        }
    }

    /// <summary>A "YYYY-MM-DD" day between 2000-01-01 and <paramref name="latest"/>; null (and a problem) when it is not one.</summary>
    public static DateOnly? Day(ProblemList problems, string field, string value, DateOnly latest)
    {
        if (!DateOnly.TryParseExact(value, BillingMapping.DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            problems.Add(field, $"'{ProblemList.Printable(value.Length > 16 ? value[..16] + "..." : value)}' is not a day written YYYY-MM-DD");
            return null;
        }

        if (day < EarliestDay || day > latest)
        {
            problems.Add(field, $"must be between {BillingMapping.Day(EarliestDay)} and {BillingMapping.Day(latest)}, was {value}");
            return null;
        }

        return day;
    }

    public static int MaxResults(ProblemList problems, string field, int value)
    {
        problems.InRange(field, value, 0, MaxListResults);
        return value == 0 ? DefaultListResults : value;
    }

    public static void EventTypes(ProblemList problems, IReadOnlyList<string> types)
    {
        problems.Count("event_types", types.Count, 0, MaxWatchFilters);
        for (var i = 0; i < types.Count && i < MaxWatchFilters; i++)
        {
            if (!BillingEventTypeList.All.Contains(types[i]))
            {
                problems.Add($"event_types[{i}]", $"'{ProblemList.Printable(types[i].Length > 64 ? types[i][..64] : types[i])}' is not a billing event type");
            }
        }
    }

    public static IReadOnlyList<CreditLine> CreditLines(ProblemList problems, IReadOnlyList<Proto.CreditNoteLine> lines)
    {
        problems.Count("lines", lines.Count, 0, MaxCreditNoteLines);
        var seen = new HashSet<int>();
        for (var i = 0; i < lines.Count && i < MaxCreditNoteLines && problems.Count < 100; i++)
        {
            problems.InRange($"lines[{i}].position", lines[i].Position, 1, MaxLinePosition);
            problems.InRange($"lines[{i}].quantity", lines[i].Quantity, 1, MaxQuantity);
            if (!seen.Add(lines[i].Position))
            {
                problems.Add($"lines[{i}].position", $"repeats position {lines[i].Position}; name each line once");
            }
        }

        return lines.Select(l => new CreditLine(l.Position, l.Quantity)).ToList();
    }

    /// <summary>
    /// Each credited position is a line the invoice printed. Checked once the invoice is read, so a position the invoice
    /// lacks is a bad field of the request, not a fault of the billing state (a credit note, not an invoice, is refused
    /// later as NOT_AN_INVOICE).
    /// </summary>
    public static void CreditLinesOnInvoice(ProblemList problems, IReadOnlyList<Proto.CreditNoteLine> lines, BillingDocument invoice)
    {
        if (invoice.Kind != BillingDocumentKind.Invoice)
        {
            return;
        }

        for (var i = 0; i < lines.Count; i++)
        {
            if (!invoice.Lines.Any(l => l.Position == lines[i].Position))
            {
                problems.Add($"lines[{i}].position", $"invoice {invoice.Number} has no line {lines[i].Position} (its lines are 1 to {invoice.Lines.Count})");
            }
        }
    }

    public static IReadOnlyList<CreditLine> IssueCreditNote(ProblemList problems, Proto.IssueCreditNoteRequest request)
    {
        RequestId(problems, request.RequestId);
        DocumentRef(problems, "invoice", request.Invoice);
        if (BillingMapping.CreditReasonOf(request.Reason) is null)
        {
            problems.Add("reason", "must be CREDIT_REASON_CANCELLATION, CREDIT_REASON_PRICE_ADJUSTMENT or CREDIT_REASON_RETURN");
        }

        problems.RequiredText("reason_text", request.ReasonText, MaxReasonLength);
        if ((request.Lines.Count > 0) == (request.AmountMinor != 0))
        {
            problems.Add(request.Lines.Count > 0 ? "amount_minor" : "lines", "give either lines or amount_minor, exactly one of them");
        }

        if (request.AmountMinor != 0)
        {
            Amount(problems, "amount_minor", request.AmountMinor);
        }

        return CreditLines(problems, request.Lines);
    }

    public static void RecordPaymentResult(ProblemList problems, Proto.RecordPaymentResultRequest request)
    {
        RequestId(problems, request.RequestId);
        DocumentRef(problems, "invoice", request.Invoice);
        Currency(problems, "currency", request.Currency);
        problems.OptionalText("detail", request.Detail, MaxReasonLength);
        switch (request.Result)
        {
            case Proto.PaymentResult.Captured or Proto.PaymentResult.Refunded:
                Amount(problems, "amount_minor", request.AmountMinor);
                problems.RequiredText("provider_reference", request.ProviderReference, MaxReferenceLength);
                break;
            case Proto.PaymentResult.Failed or Proto.PaymentResult.AuthorisationExpired:
                Amount(problems, "amount_minor", request.AmountMinor, min: 0);
                problems.OptionalText("provider_reference", request.ProviderReference, MaxReferenceLength);
                break;
            default:
                problems.Add("result", "must be PAYMENT_RESULT_CAPTURED, PAYMENT_RESULT_FAILED, PAYMENT_RESULT_AUTHORISATION_EXPIRED or PAYMENT_RESULT_REFUNDED");
                break;
        }
    }

    /// <returns>The day the money arrived.</returns>
    public static DateOnly RecordPayment(ProblemList problems, Proto.RecordPaymentRequest request, DateOnly today)
    {
        problems.RequiredText("reference", request.Reference, MaxReferenceLength);
        problems.OptionalText("customer_id", request.CustomerId, MaxCustomerIdLength);
        problems.OptionalText("invoice_number", request.InvoiceNumber, MaxDocumentRefLength);
        problems.OptionalText("order_id", request.OrderId, MaxOrderIdLength);
        Amount(problems, "amount_minor", request.AmountMinor);
        Currency(problems, "currency", request.Currency);
        var day = Day(problems, "received_on", request.ReceivedOn, today) ?? today;
        problems.OptionalText("payer_name", request.PayerName, MaxPayerNameLength);
        problems.OptionalText("remittance_info", request.RemittanceInfo, MaxRemittanceLength);
        if (request.Source is not (Proto.PaymentSource.Unspecified or Proto.PaymentSource.Manual or Proto.PaymentSource.Counter))
        {
            problems.Add("source", "must be PAYMENT_SOURCE_MANUAL or PAYMENT_SOURCE_COUNTER (captures and bank statements have their own calls)");
        }

        return day;
    }

    public static void AssignPayment(ProblemList problems, Proto.AssignPaymentRequest request)
    {
        problems.RequiredText("payment_id", request.PaymentId, MaxDocumentRefLength);
        CustomerId(problems, "customer_id", request.CustomerId);
        problems.Count("invoices", request.Invoices.Count, 0, MaxAssignedInvoices);
        for (var i = 0; i < request.Invoices.Count && i < MaxAssignedInvoices; i++)
        {
            DocumentRef(problems, $"invoices[{i}]", request.Invoices[i]);
        }
    }

    public static void SetCreditLimit(ProblemList problems, Proto.SetCreditLimitRequest request)
    {
        CustomerId(problems, "customer_id", request.CustomerId);
        if (request.HasCreditLimitMinor)
        {
            Amount(problems, "credit_limit_minor", request.CreditLimitMinor, min: 0);
        }
    }

    public static PaymentSource SourceOf(Proto.PaymentSource source) =>
        source == Proto.PaymentSource.Counter ? PaymentSource.Counter : PaymentSource.Manual;
}

/// <summary>Every billing event type, for checking a watch filter.</summary>
internal static class BillingEventTypeList
{
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        BillingEventTypes.InvoiceIssued,
        BillingEventTypes.CreditNoteIssued,
        BillingEventTypes.CaptureRequested,
        BillingEventTypes.Captured,
        BillingEventTypes.CaptureFailed,
        BillingEventTypes.AuthorisationExpired,
        BillingEventTypes.RefundRequested,
        BillingEventTypes.StoreCreditGranted,
        BillingEventTypes.PaymentReceived,
        BillingEventTypes.PaymentAllocated,
        BillingEventTypes.PaymentUnmatched,
        BillingEventTypes.PrepaymentReceived,
        BillingEventTypes.DunningLevelRaised,
    };
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sourcing.Orders.Billing.BankStatements;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.Service.Tests.Orders;
using Sourcing.Testing;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Billing;

/// <summary>
/// BillingService (and CreateOrder's payment fields) attacked the way an outsider would, through the real host with
/// receivables in PostgreSQL: input no well-meaning client sends is refused with INVALID_ARGUMENT naming the field,
/// NOT_FOUND or FAILED_PRECONDITION (never UNKNOWN) and changes nothing; concurrent copies of one change apply once;
/// callers see only what their token allows.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class HostileBillingTests(RedisFixture redis)
{
    [Fact]
    public async Task IssueCreditNote_LinePositionNotOnTheInvoice_IsInvalidArgumentNamingTheLineAndIssuesNothing()
    {
        await using var bed = await BillingTestBed.StartAsync(redis);
        var invoice = await ShippedInvoiceAsync(bed, "hostile-cn-1");
        var missing = invoice.Lines.Max(l => l.Position) + 1;

        var violation = await RpcAssert.InvalidArgumentAsync("lines[1].position", () => bed.FinanceBilling.IssueCreditNoteAsync(new IssueCreditNoteRequest
        {
            RequestId = "cn-missing-line", Invoice = invoice.Number, Reason = CreditReason.Return, ReasonText = "returned",
            Lines = { new CreditNoteLine { Position = 1, Quantity = 1 }, new CreditNoteLine { Position = missing, Quantity = 1 } },
        }).ResponseAsync);

        Assert.Contains(missing.ToString(CultureInfo.InvariantCulture), violation.Description, StringComparison.Ordinal);
        var account = await bed.FinanceBilling.GetCustomerAccountAsync(new GetCustomerAccountRequest { CustomerId = "cust-1" });
        Assert.Empty(account.CreditNotes);
        Assert.Equal(BillingTestBed.OrderTotalMinor, Assert.Single(account.OpenItems).OpenMinor);
    }

    [Fact]
    public async Task BillingCalls_NulHugeUnknownAndMismatchedInputOnPostgres_RefusedWithoutUnknownAndChangeNothing()
    {
        await using var bed = await BillingTestBed.StartAsync(redis);
        var invoice = await ShippedInvoiceAsync(bed, "hostile-bad-1");
        var other = await ShippedInvoiceAsync(bed, "hostile-bad-2", "cust-2");
        var note = await bed.FinanceBilling.IssueCreditNoteAsync(new IssueCreditNoteRequest
        {
            RequestId = "cn-setup", Invoice = invoice.Number, Reason = CreditReason.PriceAdjustment, ReasonText = "goodwill", AmountMinor = 100,
        });
        var parked = await bed.FinanceBilling.RecordPaymentAsync(new RecordPaymentRequest { Reference = "parked-1", AmountMinor = 100, Currency = "EUR", ReceivedOn = Today() });
        var finance = bed.FinanceBilling;
        var huge = new string('x', 100_000);
        var before = await SnapshotAsync(bed);

        RecordPaymentRequest Payment(Action<RecordPaymentRequest> spoil)
        {
            var request = new RecordPaymentRequest { Reference = "bad-ref", AmountMinor = 1000, Currency = "EUR", ReceivedOn = Today(), RemittanceInfo = invoice.Number };
            spoil(request);
            return request;
        }

        RecordPaymentResultRequest Result(Action<RecordPaymentResultRequest> spoil)
        {
            var request = new RecordPaymentResultRequest { RequestId = "bad-psp", Invoice = invoice.DocumentId, Result = PaymentResult.Captured, AmountMinor = 100, Currency = "EUR", ProviderReference = "cap-bad" };
            spoil(request);
            return request;
        }

        IssueCreditNoteRequest Credit(Action<IssueCreditNoteRequest> spoil)
        {
            var request = new IssueCreditNoteRequest { RequestId = "cn-bad", Invoice = invoice.Number, Reason = CreditReason.PriceAdjustment, ReasonText = "goodwill", AmountMinor = 500 };
            spoil(request);
            return request;
        }

        var invalid = new (string Field, Func<Task> Call)[]
        {
            ("reference", () => finance.RecordPaymentAsync(Payment(r => r.Reference = "\u0000")).ResponseAsync),
            ("reference", () => finance.RecordPaymentAsync(Payment(r => r.Reference = huge)).ResponseAsync),
            ("payer_name", () => finance.RecordPaymentAsync(Payment(r => r.PayerName = "Kim\u0000Meyer")).ResponseAsync),
            ("remittance_info", () => finance.RecordPaymentAsync(Payment(r => r.RemittanceInfo = invoice.Number + "\u0000")).ResponseAsync),
            ("customer_id", () => finance.RecordPaymentAsync(Payment(r => r.CustomerId = "cust-1\u0000")).ResponseAsync),
            ("invoice_number", () => finance.RecordPaymentAsync(Payment(r => r.InvoiceNumber = "RE\u0000")).ResponseAsync),
            ("order_id", () => finance.RecordPaymentAsync(Payment(r => r.OrderId = "o\u0000")).ResponseAsync),
            ("amount_minor", () => finance.RecordPaymentAsync(Payment(r => r.AmountMinor = long.MaxValue)).ResponseAsync),
            ("amount_minor", () => finance.RecordPaymentAsync(Payment(r => r.AmountMinor = long.MinValue)).ResponseAsync),
            ("currency", () => finance.RecordPaymentAsync(Payment(r => r.Currency = "eur")).ResponseAsync),
            ("currency", () => finance.RecordPaymentAsync(Payment(r => r.Currency = "EU")).ResponseAsync),
            ("currency", () => finance.RecordPaymentAsync(Payment(r => r.Currency = "EU\u0000")).ResponseAsync),
            ("received_on", () => finance.RecordPaymentAsync(Payment(r => r.ReceivedOn = "0001-01-01")).ResponseAsync),
            ("received_on", () => finance.RecordPaymentAsync(Payment(r => r.ReceivedOn = "9999-12-31")).ResponseAsync),
            ("received_on", () => finance.RecordPaymentAsync(Payment(r => r.ReceivedOn = "2026-02-30")).ResponseAsync),
            ("received_on", () => finance.RecordPaymentAsync(Payment(r => r.ReceivedOn = "")).ResponseAsync),
            ("source", () => finance.RecordPaymentAsync(Payment(r => r.Source = (PaymentSource)99)).ResponseAsync),
            ("reason_text", () => finance.IssueCreditNoteAsync(Credit(r => r.ReasonText = "a\u0000b")).ResponseAsync),
            ("reason_text", () => finance.IssueCreditNoteAsync(Credit(r => r.ReasonText = huge)).ResponseAsync),
            ("request_id", () => finance.IssueCreditNoteAsync(Credit(r => r.RequestId = "cn\u0000")).ResponseAsync),
            ("amount_minor", () => finance.IssueCreditNoteAsync(Credit(r => r.AmountMinor = long.MaxValue)).ResponseAsync),
            ("lines[0].quantity", () => finance.IssueCreditNoteAsync(Credit(r => { r.AmountMinor = 0; r.Lines.Add(new CreditNoteLine { Position = 1, Quantity = int.MaxValue }); })).ResponseAsync),
            ("lines[0].position", () => finance.IssueCreditNoteAsync(Credit(r => { r.AmountMinor = 0; r.Lines.Add(new CreditNoteLine { Position = int.MinValue, Quantity = 1 }); })).ResponseAsync),
            ("invoice", () => finance.IssueCreditNoteAsync(Credit(r => r.Invoice = "inv\u0000")).ResponseAsync),
            ("detail", () => bed.Payments.RecordPaymentResultAsync(Result(r => r.Detail = "declined\u0000")).ResponseAsync),
            ("provider_reference", () => bed.Payments.RecordPaymentResultAsync(Result(r => r.ProviderReference = "cap\u0000")).ResponseAsync),
            ("provider_reference", () => bed.Payments.RecordPaymentResultAsync(Result(r => r.ProviderReference = huge)).ResponseAsync),
            ("amount_minor", () => bed.Payments.RecordPaymentResultAsync(Result(r => r.AmountMinor = -1)).ResponseAsync),
            ("amount_minor", () => bed.Payments.RecordPaymentResultAsync(Result(r => { r.Result = PaymentResult.Failed; r.AmountMinor = long.MaxValue; })).ResponseAsync),
            ("currency", () => bed.Payments.RecordPaymentResultAsync(Result(r => r.Currency = "XXXX")).ResponseAsync),
            ("document", () => finance.GetDocumentAsync(new GetDocumentRequest { Document = "inv_\u0000" }).ResponseAsync),
            ("document", () => finance.GetDocumentPdfAsync(new GetDocumentRequest { Document = "" }).ResponseAsync),
            ("order_id", () => finance.ListDocumentsAsync(new ListDocumentsRequest { OrderId = "o\u0000" }).ResponseAsync),
            ("max_results", () => finance.ListDocumentsAsync(new ListDocumentsRequest { CustomerId = "cust-1", MaxResults = -1 }).ResponseAsync),
            ("page_token", () => finance.ListUnassignedPaymentsAsync(new ListUnassignedPaymentsRequest { PageToken = "pay_\u0000" }).ResponseAsync),
            ("page_size", () => finance.ListUnassignedPaymentsAsync(new ListUnassignedPaymentsRequest { PageSize = int.MinValue }).ResponseAsync),
            ("customer_id", () => finance.GetCustomerAccountAsync(new GetCustomerAccountRequest { CustomerId = "c\u0000" }).ResponseAsync),
            ("customer_id", () => finance.SetCreditLimitAsync(new SetCreditLimitRequest { CustomerId = huge, CreditLimitMinor = 1 }).ResponseAsync),
            ("credit_limit_minor", () => finance.SetCreditLimitAsync(new SetCreditLimitRequest { CustomerId = "cust-1", CreditLimitMinor = long.MaxValue }).ResponseAsync),
            ("payment_id", () => finance.AssignPaymentAsync(new AssignPaymentRequest { PaymentId = "pay\u0000", CustomerId = "cust-1" }).ResponseAsync),
            ("invoices", () => finance.AssignPaymentAsync(new AssignPaymentRequest { PaymentId = parked.Payment.PaymentId, CustomerId = "cust-1", Invoices = { Enumerable.Repeat(invoice.Number, 101) } }).ResponseAsync),
            ("as_of", () => finance.RunDunningAsync(new RunDunningRequest { AsOf = "1999-12-31" }).ResponseAsync),
            ("as_of", () => finance.RunDunningAsync(new RunDunningRequest { AsOf = "2026-11-29\u0000" }).ResponseAsync),
            ("file_name", () => BillingTestBed.ImportAsync(finance, "a\u0000.xml", Utf8("<x/>"))),
            ("file_name", () => BillingTestBed.ImportAsync(finance, new string('f', 256), Utf8("<x/>"))),
        };
        foreach (var (field, call) in invalid)
        {
            await RpcAssert.InvalidArgumentAsync(field, call);
        }

        var refused = new (StatusCode Status, Func<Task> Call)[]
        {
            (StatusCode.NotFound, () => finance.IssueCreditNoteAsync(Credit(r => r.Invoice = "inv_doesnotexist")).ResponseAsync),
            (StatusCode.NotFound, () => finance.IssueCreditNoteAsync(Credit(r => r.Invoice = "RE-1999-000001")).ResponseAsync),
            (StatusCode.FailedPrecondition, () => finance.IssueCreditNoteAsync(Credit(r => r.Invoice = note.Number)).ResponseAsync),
            (StatusCode.FailedPrecondition, () => finance.IssueCreditNoteAsync(Credit(r => r.AmountMinor = invoice.GrossTotalMinor)).ResponseAsync),
            (StatusCode.FailedPrecondition, () => finance.IssueCreditNoteAsync(Credit(r => { r.AmountMinor = 0; r.Lines.Add(new CreditNoteLine { Position = 1, Quantity = 3 }); })).ResponseAsync),
            (StatusCode.FailedPrecondition, () => finance.IssueCreditNoteAsync(Credit(r => { r.RequestId = "cn-setup"; r.AmountMinor = 101; })).ResponseAsync),
            (StatusCode.NotFound, () => bed.Payments.RecordPaymentResultAsync(Result(r => r.Invoice = "inv_doesnotexist")).ResponseAsync),
            (StatusCode.NotFound, () => bed.Payments.RecordPaymentResultAsync(Result(r => r.Invoice = note.DocumentId)).ResponseAsync),
            (StatusCode.FailedPrecondition, () => bed.Payments.RecordPaymentResultAsync(Result(r => r.Currency = "USD")).ResponseAsync),
            (StatusCode.NotFound, () => finance.GetDocumentAsync(new GetDocumentRequest { Document = "gs_doesnotexist" }).ResponseAsync),
            (StatusCode.NotFound, () => finance.AssignPaymentAsync(new AssignPaymentRequest { PaymentId = "pay_doesnotexist", CustomerId = "cust-1" }).ResponseAsync),
            (StatusCode.NotFound, () => finance.AssignPaymentAsync(new AssignPaymentRequest { PaymentId = parked.Payment.PaymentId, CustomerId = "cust-1", Invoices = { other.Number } }).ResponseAsync),
            (StatusCode.NotFound, () => finance.AssignPaymentAsync(new AssignPaymentRequest { PaymentId = parked.Payment.PaymentId, CustomerId = "cust-1", Invoices = { note.DocumentId } }).ResponseAsync),
            (StatusCode.NotFound, () => finance.AssignPaymentAsync(new AssignPaymentRequest { PaymentId = parked.Payment.PaymentId, CustomerId = "cust-1", Invoices = { "RE-2026-999999" } }).ResponseAsync),
        };
        foreach (var (status, call) in refused)
        {
            await RpcAssert.StatusAsync(status, call);
        }

        var after = await SnapshotAsync(bed);
        Assert.Equal(before, after);
    }

    /// <summary>What a refused call must not have changed: both customers' accounts, the unassigned payments and the feed's length.</summary>
    private static async Task<string> SnapshotAsync(BillingTestBed bed)
    {
        var text = new StringBuilder();
        foreach (var customer in new[] { "cust-1", "cust-2" })
        {
            var account = await bed.FinanceBilling.GetCustomerAccountAsync(new GetCustomerAccountRequest { CustomerId = customer });
            account.AsOf = "";
            text.AppendLine(account.ToString());
        }

        text.AppendLine((await bed.FinanceBilling.ListUnassignedPaymentsAsync(new ListUnassignedPaymentsRequest())).ToString());
        using var feed = bed.Payments.WatchBillingEvents(new WatchBillingEventsRequest { AfterPosition = 0 });
        using var quiet = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var events = 0;
        try
        {
            while (await feed.ResponseStream.MoveNext(quiet.Token))
            {
                events++;
            }
        }
        catch (Exception cancelled) when (cancelled is OperationCanceledException || cancelled is RpcException { StatusCode: StatusCode.Cancelled })
        {
            // The feed stays open for new events: two quiet seconds mean it has shown every one.
        }

        text.Append("events: ").Append(events);
        return text.ToString();
    }

    [Fact]
    public async Task CreateOrder_PaymentFieldsSpoiled_InvalidArgumentNamingEachAndNoOrder()
    {
        await using var bed = await BillingTestBed.StartAsync(redis);

        CreateOrderRequest Order(Action<OrderPayment> spoil)
        {
            var request = BillingTestBed.NewOrder("hostile-pay-1", "card");
            spoil(request.Payment);
            return request;
        }

        var cases = new (string Field, CreateOrderRequest Request)[]
        {
            ("payment.method", Order(p => p.Method = "card\u0000")),
            ("payment.method", Order(p => p.Method = "CARD")),
            ("payment.method", Order(p => p.Method = "")),
            ("payment.reference", Order(p => p.Reference = "")),
            ("payment.reference", Order(p => p.Reference = "auth\u0000")),
            ("payment.reference", Order(p => p.Reference = new string('r', 100_000))),
            ("payment.provider", Order(p => p.Provider = "adyen\u0000")),
            ("payment.provider", Order(p => p.Provider = new string('p', 65))),
            ("payment.mandate_reference", Order(p => { p.Method = "sepa_direct_debit"; p.MandateReference = ""; })),
            ("payment.mandate_reference", Order(p => { p.Method = "sepa_direct_debit"; p.MandateReference = new string('m', 36); })),
            ("payment.mandate_reference", Order(p => { p.Method = "sepa_direct_debit"; p.MandateReference = "M\u0000"; })),
            ("payment.authorised_minor", Order(p => p.AuthorisedMinor = -1)),
            ("payment.authorised_minor", Order(p => p.AuthorisedMinor = long.MaxValue)),
            ("payment.authorisation_expires_at", Order(p => p.AuthorisationExpiresAt = new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = long.MaxValue })),
            ("payment.authorisation_expires_at", Order(p => p.AuthorisationExpiresAt = new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = 0, Nanos = -1 })),
            ("payment.authorisation_expires_at", Order(p => p.AuthorisationExpiresAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddYears(5)))),
        };
        foreach (var (field, request) in cases)
        {
            await RpcAssert.InvalidArgumentAsync(field, () => bed.Orders.Web.CreateOrderAsync(request).ResponseAsync);
        }

        // Nothing was kept under the request id: the good order is created anew (not answered as a conflicting repeat).
        var order = await bed.Orders.Web.CreateOrderAsync(BillingTestBed.NewOrder("hostile-pay-1", "card"));
        Assert.Equal(OrderStatus.InFulfilment, order.Status);
    }

    [Fact]
    public async Task ImportBankStatement_EntryReferenceLongerThanAPaymentReference_IsInvalidArgumentNamingTheEntryAndRecordsNothing()
    {
        await using var bed = await BillingTestBed.StartAsync(redis);
        var day = DateOnly.FromDateTime(DateTime.UtcNow);
        // Random text does not compress, so PostgreSQL's unique index on the reference could not hold it (at most ~2.7 kB).
        var longReference = Convert.ToHexString(RandomNumberGenerator.GetBytes(4000));
        var file = BillingTestBed.Statement("STMT-LONGREF",
            new BankStatementEntry("", "NTRY-1", 1000, "EUR", day, "Kim Meyer", "no invoice", "E2E-1"),
            new BankStatementEntry("", longReference, 2000, "EUR", day, "Kim Meyer", "no invoice", "E2E-2"));

        var violation = await RpcAssert.InvalidArgumentAsync("content", () => BillingTestBed.ImportAsync(bed.FinanceBilling, "longref.xml", file));

        Assert.Contains("Ntry[2]", violation.Description, StringComparison.Ordinal);
        Assert.Empty((await bed.FinanceBilling.ListUnassignedPaymentsAsync(new ListUnassignedPaymentsRequest())).Payments);
    }

    [Fact]
    public async Task ImportBankStatement_CreditsSummingPastInt64_IsInvalidArgumentAndRecordsNothing()
    {
        await using var bed = await BillingTestBed.StartAsync(redis);
        var day = DateOnly.FromDateTime(DateTime.UtcNow);
        const long maxPayment = 1_000_000_000_000_000;
        // 9,224 payments of the largest amount one may have add up to more than long.MaxValue (9.22e18).
        var entries = Enumerable.Range(1, 9_224)
            .Select(i => new BankStatementEntry("", "BIG-" + i.ToString(CultureInfo.InvariantCulture), maxPayment, "EUR", day, "Payer", "no invoice", ""))
            .ToArray();
        var file = BillingTestBed.Statement("STMT-OVERFLOW", entries);

        var violation = await RpcAssert.InvalidArgumentAsync("content", () => BillingTestBed.ImportAsync(bed.FinanceBilling, "overflow.xml", file, chunkBytes: 1024 * 1024));

        Assert.Contains("overflow.xml", violation.Description, StringComparison.Ordinal);
        Assert.Empty((await bed.FinanceBilling.ListUnassignedPaymentsAsync(new ListUnassignedPaymentsRequest { PageSize = 1 })).Payments);
    }

    [Fact]
    public async Task AssignPayment_InvoiceInAnotherCurrency_IsFailedPreconditionCurrencyMismatchAndAssignsNothing()
    {
        await using var bed = await BillingTestBed.StartAsync(redis);
        var invoice = await ShippedInvoiceAsync(bed, "hostile-assign-1");
        var unassigned = await bed.FinanceBilling.RecordPaymentAsync(new RecordPaymentRequest
        {
            Reference = "usd-1", AmountMinor = 5000, Currency = "USD", ReceivedOn = Today(), RemittanceInfo = "no number",
        });
        Assert.Equal(PaymentMatch.Unmatched, unassigned.Match);

        var refused = await RpcAssert.StatusAsync(StatusCode.FailedPrecondition, () => bed.FinanceBilling.AssignPaymentAsync(new AssignPaymentRequest
        {
            PaymentId = unassigned.Payment.PaymentId, CustomerId = "cust-1", Invoices = { invoice.Number },
        }).ResponseAsync);

        Assert.Equal("CURRENCY_MISMATCH", ErrorReason(refused));
        Assert.Single((await bed.FinanceBilling.ListUnassignedPaymentsAsync(new ListUnassignedPaymentsRequest())).Payments);
        var account = await bed.FinanceBilling.GetCustomerAccountAsync(new GetCustomerAccountRequest { CustomerId = "cust-1" });
        Assert.Equal(BillingTestBed.OrderTotalMinor, Assert.Single(account.OpenItems).OpenMinor);
        Assert.Empty(account.Payments);
    }

    [Fact]
    public async Task RecordPaymentResult_RefundNobodyAskedForOnAnUnpaidInvoice_IsFailedPreconditionAndChangesNothing()
    {
        await using var bed = await BillingTestBed.StartAsync(redis);
        var invoice = await ShippedInvoiceAsync(bed, "hostile-refund-1");

        await RpcAssert.StatusAsync(StatusCode.FailedPrecondition, () => bed.Payments.RecordPaymentResultAsync(new RecordPaymentResultRequest
        {
            RequestId = "refund-1", Invoice = invoice.DocumentId, Result = PaymentResult.Refunded, AmountMinor = 1_000_000_000_000_000, Currency = "EUR", ProviderReference = "rf-1",
        }).ResponseAsync);

        var account = await bed.FinanceBilling.GetCustomerAccountAsync(new GetCustomerAccountRequest { CustomerId = "cust-1" });
        Assert.Empty(account.Payments);
        Assert.All(account.Balances, b => Assert.Equal(0, b.CreditMinor));
    }

    [Fact]
    public async Task ImportBankStatement_EntityBombEmptyOrNotXml_IsInvalidArgumentAndRecordsNothing()
    {
        await using var bed = await BillingTestBed.StartAsync(redis);
        const string bomb = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>&lol3;</BkToCstmrStmt></Document>
            """;
        const string external = """
            <?xml version="1.0"?>
            <!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">&x;</Document>
            """;

        await RpcAssert.InvalidArgumentAsync("content", () => BillingTestBed.ImportAsync(bed.FinanceBilling, "bomb.xml", Utf8(bomb)));
        await RpcAssert.InvalidArgumentAsync("content", () => BillingTestBed.ImportAsync(bed.FinanceBilling, "xxe.xml", Utf8(external)));
        await RpcAssert.InvalidArgumentAsync("content", () => BillingTestBed.ImportAsync(bed.FinanceBilling, "pdf.xml", Utf8("%PDF-1.7 not a statement")));
        await RpcAssert.InvalidArgumentAsync("content", () => BillingTestBed.ImportAsync(bed.FinanceBilling, "truncated.xml", BillingTestBed.Statement("STMT-T",
            new BankStatementEntry("", "NTRY-1", 1000, "EUR", DateOnly.FromDateTime(DateTime.UtcNow), "Kim", "x", ""))[..400]));
        await RpcAssert.InvalidArgumentAsync("content", () => BillingTestBed.ImportAsync(bed.FinanceBilling, "nothing.xml", []));
        using (var empty = bed.FinanceBilling.ImportBankStatement())
        {
            await empty.RequestStream.WriteAsync(new ImportBankStatementChunk { FileName = "zero.xml" });
            await empty.RequestStream.CompleteAsync();
            await RpcAssert.InvalidArgumentAsync("chunks[0].content", () => empty.ResponseAsync);
        }

        Assert.Empty((await bed.FinanceBilling.ListUnassignedPaymentsAsync(new ListUnassignedPaymentsRequest())).Payments);
    }

    [Fact]
    public async Task GetDocumentPdf_BuyerNameOutsideTheFont_RendersAPdf()
    {
        await using var bed = await BillingTestBed.StartAsync(redis);
        var request = BillingTestBed.NewOrder("hostile-pdf-1", "invoice");
        request.BillingAddress.Name = "山田 太郎 😀 \u202E evil \uFFFD";
        request.BillingAddress.Street = new string('W', 200);
        var order = await bed.Orders.Web.CreateOrderAsync(request);
        await bed.ShipAllAsync(order);
        var invoice = await bed.SingleInvoiceAsync(order.OrderId);

        var pdf = await bed.FinanceBilling.GetDocumentPdfAsync(new GetDocumentRequest { Document = invoice.DocumentId });

        Assert.StartsWith("%PDF", BillingTestBed.Text(pdf.Content.Span[..4].ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecordPayment_SameReferenceTwentyTimesAtOnce_RecordsOnePayment()
    {
        await using var bed = await BillingTestBed.StartAsync(redis);
        var invoice = await ShippedInvoiceAsync(bed, "hostile-race-1");

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => bed.FinanceBilling.RecordPaymentAsync(new RecordPaymentRequest
        {
            Reference = "race-1", AmountMinor = 10_000, Currency = "EUR", ReceivedOn = Today(), RemittanceInfo = invoice.Number,
        }).ResponseAsync));

        Assert.Single(answers, a => a.Match == PaymentMatch.Partial);
        Assert.All(answers.Where(a => a.Match != PaymentMatch.Partial), a => Assert.Equal(PaymentMatch.Duplicate, a.Match));
        var account = await bed.FinanceBilling.GetCustomerAccountAsync(new GetCustomerAccountRequest { CustomerId = "cust-1" });
        Assert.Single(account.Payments);
        Assert.Equal(BillingTestBed.OrderTotalMinor - 10_000, Assert.Single(account.OpenItems).OpenMinor);
    }

    [Fact]
    public async Task IssueCreditNote_TwoCreditsForTheLastCreditableAmountAtOnce_OneWins()
    {
        await using var bed = await BillingTestBed.StartAsync(redis);
        var invoice = await ShippedInvoiceAsync(bed, "hostile-race-2");

        var calls = Enumerable.Range(0, 2).Select(i => Outcome(() => bed.FinanceBilling.IssueCreditNoteAsync(new IssueCreditNoteRequest
        {
            RequestId = "cn-race-" + i, Invoice = invoice.Number, Reason = CreditReason.PriceAdjustment, ReasonText = "goodwill", AmountMinor = invoice.GrossTotalMinor,
        }).ResponseAsync));
        var outcomes = await Task.WhenAll(calls);

        Assert.Equal([StatusCode.OK, StatusCode.FailedPrecondition], outcomes.Order());
        var account = await bed.FinanceBilling.GetCustomerAccountAsync(new GetCustomerAccountRequest { CustomerId = "cust-1" });
        Assert.Single(account.CreditNotes);
        Assert.Empty(account.OpenItems);
    }

    [Fact]
    public async Task ImportBankStatement_SameFileTwiceAtOnce_RecordsEachEntryOnce()
    {
        await using var bed = await BillingTestBed.StartAsync(redis);
        var invoice = await ShippedInvoiceAsync(bed, "hostile-race-3");
        var day = DateOnly.FromDateTime(DateTime.UtcNow);
        var entries = Enumerable.Range(1, 1_200)
            .Select(i => new BankStatementEntry("", "TWICE-" + i.ToString(CultureInfo.InvariantCulture), 10, "EUR", day, "Kim Meyer", i % 2 == 0 ? invoice.Number : "nobody", ""))
            .ToArray();
        var file = BillingTestBed.Statement("STMT-TWICE", entries);

        var results = await Task.WhenAll(
            BillingTestBed.ImportAsync(bed.FinanceBilling, "a.xml", file),
            BillingTestBed.ImportAsync(bed.FinanceBilling, "b.xml", file));

        Assert.Equal(1_200, results.Sum(r => r.Entries - r.Duplicates));
        var account = await bed.FinanceBilling.GetCustomerAccountAsync(new GetCustomerAccountRequest { CustomerId = "cust-1" });
        Assert.Equal(BillingTestBed.OrderTotalMinor - (600 * 10), Assert.Single(account.OpenItems).OpenMinor);
        var unassigned = 0;
        var page = new ListUnassignedPaymentsResponse { NextPageToken = "" };
        do
        {
            page = await bed.FinanceBilling.ListUnassignedPaymentsAsync(new ListUnassignedPaymentsRequest { PageSize = 200, PageToken = page.NextPageToken });
            unassigned += page.Payments.Count;
        }
        while (page.NextPageToken.Length > 0);

        Assert.Equal(600, unassigned);
    }

    [Fact]
    public async Task ConfirmShipment_SixteenAtOnce_InvoiceNumbersGaplessAndUnique()
    {
        await using var bed = await BillingTestBed.StartAsync(redis);
        var orders = new List<Order>();
        for (var i = 0; i < 16; i++)
        {
            var request = BillingTestBed.NewOrder("hostile-seq-" + i, "card", "cust-seq-" + i);
            request.Lines.RemoveAt(0);
            var order = await bed.Orders.Web.CreateOrderAsync(request);
            foreach (var fulfilment in order.FulfilmentOrders)
            {
                await At(bed, fulfilment.LocationId).AcceptFulfilmentOrderAsync(new FulfilmentOrderRequest { OrderId = order.OrderId, FulfilmentOrderId = fulfilment.FulfilmentOrderId });
            }

            orders.Add(order);
        }

        await Task.WhenAll(orders.SelectMany(order => order.FulfilmentOrders.Select(fulfilment => At(bed, fulfilment.LocationId).ConfirmShipmentAsync(new ConfirmShipmentRequest
        {
            OrderId = order.OrderId, FulfilmentOrderId = fulfilment.FulfilmentOrderId, Carrier = "DHL", TrackingNumber = "JJD-" + fulfilment.FulfilmentOrderId[^8..],
            Lines = { fulfilment.Lines.Select(l => new LineQuantity { LineId = l.LineId, Quantity = l.Remaining }) },
        }).ResponseAsync)));

        var invoices = new List<BillingDocument>();
        foreach (var order in orders)
        {
            invoices.AddRange((await bed.FinanceBilling.ListDocumentsAsync(new ListDocumentsRequest { OrderId = order.OrderId, Kind = BillingDocumentKind.Invoice })).Documents);
        }

        Assert.True(invoices.Count >= 16, $"{invoices.Count} invoices");
        Assert.Equal(Enumerable.Range(1, invoices.Count).Select(i => (long)i), invoices.Select(d => d.Sequence).Order());
        Assert.Equal(invoices.Count, invoices.Select(d => d.Number).Distinct().Count());
    }

    [Fact]
    public async Task RunDunning_EightRunsAtOnce_OneFeeInvoice()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var bed = new BillingTestBed(await OrderTestBed.StartAsync(
            redis, services: s => s.AddSingleton<TimeProvider>(clock), more: BillingTestBed.Settings()));
        var finance = bed.BillingClient(TestTokens.For("clerk-fiona", ["finance"], lifetime: TimeSpan.FromDays(90)));
        await ShippedInvoiceAsync(bed, "hostile-dun-1");
        clock.Advance(TimeSpan.FromDays(22));
        await finance.RunDunningAsync(new RunDunningRequest());
        clock.Advance(TimeSpan.FromDays(14));

        var runs = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Outcome(() => finance.RunDunningAsync(new RunDunningRequest()).ResponseAsync)));

        Assert.All(runs, r => Assert.Equal(StatusCode.OK, r));
        var account = await finance.GetCustomerAccountAsync(new GetCustomerAccountRequest { CustomerId = "cust-1" });
        Assert.Equal(500, Assert.Single(account.OpenItems, i => i.Purpose == InvoicePurpose.DunningFee).GrossMinor);
        Assert.Equal(2, account.DunningLevel);
    }

    [Fact]
    public async Task BillingCalls_OutsidersAndWrongRoles_SeeNothingAndChangeNothing()
    {
        await using var bed = await BillingTestBed.StartAsync(redis);
        var order = await bed.Orders.Web.CreateOrderAsync(BillingTestBed.NewOrder("hostile-access-1", "card"));
        var fulfilment = Assert.Single(order.FulfilmentOrders);
        await bed.Orders.BerlinStore.AcceptFulfilmentOrderAsync(new FulfilmentOrderRequest { OrderId = order.OrderId, FulfilmentOrderId = fulfilment.FulfilmentOrderId });
        // The tents only: the stove is still to ship, so a failed capture has work to hold.
        await bed.Orders.BerlinStore.ConfirmShipmentAsync(new ConfirmShipmentRequest
        {
            OrderId = order.OrderId, FulfilmentOrderId = fulfilment.FulfilmentOrderId, Carrier = "DHL", TrackingNumber = "JJD-1",
            Lines = { new LineQuantity { LineId = "T", Quantity = 2 } },
        });
        var invoice = await bed.SingleInvoiceAsync(order.OrderId);
        var failed = new RecordPaymentResultRequest { RequestId = "psp-x", Invoice = invoice.DocumentId, Result = PaymentResult.Failed, Currency = "EUR", Detail = "declined" };

        // Another channel, by id, by number in lower case, as PDF, in a list by order and by customer.
        await RpcAssert.StatusAsync(StatusCode.NotFound, () => bed.MarketplaceBilling.GetDocumentAsync(new GetDocumentRequest { Document = invoice.DocumentId }).ResponseAsync);
        await RpcAssert.StatusAsync(StatusCode.NotFound, () => bed.MarketplaceBilling.GetDocumentPdfAsync(new GetDocumentRequest { Document = invoice.Number.ToLowerInvariant() }).ResponseAsync);
        Assert.Empty((await bed.MarketplaceBilling.ListDocumentsAsync(new ListDocumentsRequest { OrderId = order.OrderId })).Documents);
        Assert.Empty((await bed.MarketplaceBilling.ListDocumentsAsync(new ListDocumentsRequest { CustomerId = "cust-1" })).Documents);
        // Another customer, naming the owner explicitly or not.
        await RpcAssert.StatusAsync(StatusCode.NotFound, () => bed.Customer2.GetDocumentPdfAsync(new GetDocumentRequest { Document = invoice.Number }).ResponseAsync);
        Assert.Empty((await bed.Customer2.ListDocumentsAsync(new ListDocumentsRequest { OrderId = order.OrderId })).Documents);
        Assert.Empty((await bed.Customer2.ListDocumentsAsync(new ListDocumentsRequest { OrderId = order.OrderId, CustomerId = "cust-1" })).Documents);
        await RpcAssert.StatusAsync(StatusCode.NotFound, () => bed.Customer2.ListDocumentsAsync(new ListDocumentsRequest { CustomerId = "cust-1" }).ResponseAsync);
        await RpcAssert.StatusAsync(StatusCode.NotFound, () => bed.Customer2.GetCustomerAccountAsync(new GetCustomerAccountRequest { CustomerId = "cust-1" }).ResponseAsync);
        // Roles that may not write billing or read the feed.
        await RpcAssert.StatusAsync(StatusCode.PermissionDenied, () => bed.WebBilling.RecordPaymentResultAsync(failed).ResponseAsync);
        await RpcAssert.StatusAsync(StatusCode.PermissionDenied, () => bed.FinanceBilling.RecordPaymentResultAsync(failed).ResponseAsync);
        await RpcAssert.StatusAsync(StatusCode.PermissionDenied, () => bed.AgentBilling.RecordPaymentAsync(new RecordPaymentRequest
        {
            Reference = "agent-1", AmountMinor = 1, Currency = "EUR", ReceivedOn = Today(),
        }).ResponseAsync);
        await RpcAssert.StatusAsync(StatusCode.PermissionDenied, () => bed.Customer1.SetCreditLimitAsync(new SetCreditLimitRequest { CustomerId = "cust-1", CreditLimitMinor = 1_000_000 }).ResponseAsync);
        foreach (var outsider in new[] { bed.WebBilling, bed.Customer1, bed.AgentBilling, bed.FinanceBilling })
        {
            using var watch = outsider.WatchBillingEvents(new WatchBillingEventsRequest { AfterPosition = 0 }, deadline: DateTime.UtcNow.AddSeconds(10));
            await RpcAssert.StatusAsync(StatusCode.PermissionDenied, () => watch.ResponseStream.MoveNext(CancellationToken.None));
        }

        // A payment hold survives a service agent's re-evaluation: only finance releases it.
        Assert.True((await bed.Payments.RecordPaymentResultAsync(failed)).OrderHeld);
        await Outcome(() => bed.Orders.Agent.ReevaluateOrderAsync(new ReevaluateOrderRequest { OrderId = order.OrderId }).ResponseAsync);
        var held = await bed.Finance.GetOrderAsync(new GetOrderRequest { OrderId = order.OrderId });
        Assert.Contains(held.Holds, h => h.Active && h.Code == "PAYMENT_FAILED");
        var account = await bed.FinanceBilling.GetCustomerAccountAsync(new GetCustomerAccountRequest { CustomerId = "cust-1" });
        Assert.Empty(account.Payments);
        Assert.False(account.HasCreditLimitMinor);
    }

    [Fact]
    public async Task BillingCalls_PostgresStalledThenKilled_UnavailableAndConsistentAfterRestart()
    {
        using var postgres = LocalPostgresServer.Start();
        var settings = BillingTestBed.Settings();
        settings["Orders:ConnectionString"] = await postgres.CreateDatabaseAsync();
        settings["Orders:ApplyMigrations"] = "true";
        // Orders "in memory" only tells the test bed not to pick the shared server: the settings name this test's own.
        await using var bed = new BillingTestBed(await OrderTestBed.StartAsync(redis, ordersInMemory: true, more: settings));
        var invoice = await ShippedInvoiceAsync(bed, "hostile-pg-1");
        var payment = new RecordPaymentRequest { Reference = "pg-stall-1", AmountMinor = 1_000, Currency = "EUR", ReceivedOn = Today(), RemittanceInfo = invoice.Number };
        var credit = new IssueCreditNoteRequest { RequestId = "pg-kill-1", Invoice = invoice.Number, Reason = CreditReason.PriceAdjustment, ReasonText = "goodwill", AmountMinor = 500 };

        postgres.Freeze();
        var whileStalled = await Outcome(() => bed.FinanceBilling.RecordPaymentAsync(payment, deadline: DateTime.UtcNow.AddSeconds(30)).ResponseAsync);
        postgres.Thaw();

        postgres.Kill();
        var whileDown = await Outcome(() => bed.FinanceBilling.IssueCreditNoteAsync(credit, deadline: DateTime.UtcNow.AddSeconds(30)).ResponseAsync);
        var readWhileDown = await Outcome(() => bed.FinanceBilling.GetCustomerAccountAsync(new GetCustomerAccountRequest { CustomerId = "cust-1" }, deadline: DateTime.UtcNow.AddSeconds(30)).ResponseAsync);
        postgres.Restart();

        Assert.Equal(StatusCode.Unavailable, whileStalled);
        Assert.Equal(StatusCode.Unavailable, whileDown);
        Assert.Equal(StatusCode.Unavailable, readWhileDown);

        // Retried with the same reference and request id: each applied once, the credit note numbered first of its series.
        await RetryAsync(() => bed.FinanceBilling.RecordPaymentAsync(payment).ResponseAsync);
        var note = await RetryAsync(() => bed.FinanceBilling.IssueCreditNoteAsync(credit).ResponseAsync);
        Assert.Equal(1, note.Sequence);
        var account = await bed.FinanceBilling.GetCustomerAccountAsync(new GetCustomerAccountRequest { CustomerId = "cust-1" });
        Assert.Single(account.Payments);
        Assert.Single(account.CreditNotes);
        Assert.Equal(BillingTestBed.OrderTotalMinor - 1_000 - 500, Assert.Single(account.OpenItems).OpenMinor);
    }

    /// <summary>A restarted server takes a moment to accept connections again: UNAVAILABLE is retried, as a client would.</summary>
    private static async Task<T> RetryAsync<T>(Func<Task<T>> call)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (RpcException unavailable) when (unavailable.StatusCode == StatusCode.Unavailable && attempt < 20)
            {
                await Task.Delay(500);
            }
        }
    }

    /// <summary>The staff client of the location a fulfilment order was sent to.</summary>
    private static OrderService.OrderServiceClient At(BillingTestBed bed, string locationId) => locationId switch
    {
        "ST-BERLIN" => bed.Orders.BerlinStore,
        "ST-POTSDAM" => bed.Orders.PotsdamStore,
        "WH-FRANKFURT" => bed.Orders.FrankfurtWms,
        _ => throw new ArgumentOutOfRangeException(nameof(locationId), locationId, "no client for this location"),
    };

    private static async Task<StatusCode> Outcome(Func<Task> call)
    {
        try
        {
            await call();
            return StatusCode.OK;
        }
        catch (RpcException exception)
        {
            return exception.StatusCode;
        }
    }

    private static async Task<BillingDocument> ShippedInvoiceAsync(BillingTestBed bed, string requestId, string customerId = "cust-1")
    {
        var order = await bed.Orders.Web.CreateOrderAsync(BillingTestBed.NewOrder(requestId, "invoice", customerId));
        await bed.ShipAllAsync(order);
        return await bed.SingleInvoiceAsync(order.OrderId);
    }

    private static string ErrorReason(RpcException exception) =>
        exception.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason ?? "";

    private static string Today() => DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}

using System.Text;
using Google.Protobuf;
using Sourcing.Orders.Billing.BankStatements;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Billing;

/// <summary>Every field of every billing change, spoiled one at a time: INVALID_ARGUMENT naming it, and nothing recorded.</summary>
[Collection(RedisCollection.Name)]
public sealed class BillingBadInputTests(RedisFixture redis)
{
    [Fact]
    public async Task BillingCalls_BadFields_AreInvalidArgumentNamingEachFieldAndChangeNothing()
    {
        await using var bed = await BillingTestBed.StartAsync(redis, inMemory: true);
        var order = await bed.Orders.Web.CreateOrderAsync(BillingTestBed.NewOrder("bad-1", "invoice"));
        await bed.ShipAllAsync(order);
        var invoice = await bed.SingleInvoiceAsync(order.OrderId);
        var finance = bed.FinanceBilling;

        RecordPaymentRequest Payment(Action<RecordPaymentRequest> spoil)
        {
            var request = new RecordPaymentRequest { Reference = "ref-1", AmountMinor = 1000, Currency = "EUR", ReceivedOn = "2026-01-02", RemittanceInfo = invoice.Number };
            spoil(request);
            return request;
        }

        IssueCreditNoteRequest Credit(Action<IssueCreditNoteRequest> spoil)
        {
            var request = new IssueCreditNoteRequest { RequestId = "cn-1", Invoice = invoice.Number, Reason = CreditReason.PriceAdjustment, ReasonText = "goodwill", AmountMinor = 500 };
            spoil(request);
            return request;
        }

        var cases = new (string Field, Func<Task> Call)[]
        {
            ("reference", () => finance.RecordPaymentAsync(Payment(r => r.Reference = "")).ResponseAsync),
            ("reference", () => finance.RecordPaymentAsync(Payment(r => r.Reference = "a\nb")).ResponseAsync),
            ("amount_minor", () => finance.RecordPaymentAsync(Payment(r => r.AmountMinor = 0)).ResponseAsync),
            ("amount_minor", () => finance.RecordPaymentAsync(Payment(r => r.AmountMinor = 1_000_000_000_000_001)).ResponseAsync),
            ("currency", () => finance.RecordPaymentAsync(Payment(r => r.Currency = "EURO")).ResponseAsync),
            ("currency", () => finance.RecordPaymentAsync(Payment(r => r.Currency = "XYZ")).ResponseAsync),
            ("received_on", () => finance.RecordPaymentAsync(Payment(r => r.ReceivedOn = "2026-13-01")).ResponseAsync),
            ("received_on", () => finance.RecordPaymentAsync(Payment(r => r.ReceivedOn = "2999-01-01")).ResponseAsync),
            ("payer_name", () => finance.RecordPaymentAsync(Payment(r => r.PayerName = new string('p', 141))).ResponseAsync),
            ("remittance_info", () => finance.RecordPaymentAsync(Payment(r => r.RemittanceInfo = new string('r', 501))).ResponseAsync),
            ("customer_id", () => finance.RecordPaymentAsync(Payment(r => r.CustomerId = new string('c', 129))).ResponseAsync),
            ("invoice_number", () => finance.RecordPaymentAsync(Payment(r => r.InvoiceNumber = new string('n', 65))).ResponseAsync),
            ("source", () => finance.RecordPaymentAsync(Payment(r => r.Source = PaymentSource.Capture)).ResponseAsync),
            ("request_id", () => finance.IssueCreditNoteAsync(Credit(r => r.RequestId = "has space")).ResponseAsync),
            ("invoice", () => finance.IssueCreditNoteAsync(Credit(r => r.Invoice = "")).ResponseAsync),
            ("reason", () => finance.IssueCreditNoteAsync(Credit(r => r.Reason = CreditReason.Unspecified)).ResponseAsync),
            ("reason_text", () => finance.IssueCreditNoteAsync(Credit(r => r.ReasonText = " ")).ResponseAsync),
            ("amount_minor", () => finance.IssueCreditNoteAsync(Credit(r => r.AmountMinor = -5)).ResponseAsync),
            ("amount_minor", () => finance.IssueCreditNoteAsync(Credit(r => r.Lines.Add(new CreditNoteLine { Position = 1, Quantity = 1 }))).ResponseAsync),
            ("lines", () => finance.IssueCreditNoteAsync(Credit(r => r.AmountMinor = 0)).ResponseAsync),
            ("lines[0].position", () => finance.IssueCreditNoteAsync(Credit(r => { r.AmountMinor = 0; r.Lines.Add(new CreditNoteLine { Position = 0, Quantity = 1 }); })).ResponseAsync),
            ("lines[0].quantity", () => finance.IssueCreditNoteAsync(Credit(r => { r.AmountMinor = 0; r.Lines.Add(new CreditNoteLine { Position = 1, Quantity = 0 }); })).ResponseAsync),
            ("lines[1].position", () => finance.IssueCreditNoteAsync(Credit(r => { r.AmountMinor = 0; r.Lines.Add(new CreditNoteLine { Position = 1, Quantity = 1 }); r.Lines.Add(new CreditNoteLine { Position = 1, Quantity = 1 }); })).ResponseAsync),
            ("payment_id", () => finance.AssignPaymentAsync(new AssignPaymentRequest { CustomerId = "cust-1" }).ResponseAsync),
            ("customer_id", () => finance.AssignPaymentAsync(new AssignPaymentRequest { PaymentId = "pay_1" }).ResponseAsync),
            ("invoices[0]", () => finance.AssignPaymentAsync(new AssignPaymentRequest { PaymentId = "pay_1", CustomerId = "cust-1", Invoices = { "" } }).ResponseAsync),
            ("customer_id", () => finance.SetCreditLimitAsync(new SetCreditLimitRequest { CreditLimitMinor = 5 }).ResponseAsync),
            ("credit_limit_minor", () => finance.SetCreditLimitAsync(new SetCreditLimitRequest { CustomerId = "cust-1", CreditLimitMinor = -1 }).ResponseAsync),
            ("page_size", () => finance.ListUnassignedPaymentsAsync(new ListUnassignedPaymentsRequest { PageSize = 201 }).ResponseAsync),
            ("document", () => finance.GetDocumentAsync(new GetDocumentRequest { Document = new string('d', 65) }).ResponseAsync),
            ("customer_id", () => finance.ListDocumentsAsync(new ListDocumentsRequest()).ResponseAsync),
            ("max_results", () => finance.ListDocumentsAsync(new ListDocumentsRequest { CustomerId = "cust-1", MaxResults = 201 }).ResponseAsync),
            ("kind", () => finance.ListDocumentsAsync(new ListDocumentsRequest { CustomerId = "cust-1", Kind = (BillingDocumentKind)7 }).ResponseAsync),
            ("request_id", () => bed.Payments.RecordPaymentResultAsync(new RecordPaymentResultRequest { Invoice = invoice.Number, Result = PaymentResult.Failed, Currency = "EUR" }).ResponseAsync),
            ("result", () => bed.Payments.RecordPaymentResultAsync(new RecordPaymentResultRequest { RequestId = "r-1", Invoice = invoice.Number, Currency = "EUR" }).ResponseAsync),
            ("provider_reference", () => bed.Payments.RecordPaymentResultAsync(new RecordPaymentResultRequest { RequestId = "r-1", Invoice = invoice.Number, Result = PaymentResult.Captured, AmountMinor = 5, Currency = "EUR" }).ResponseAsync),
            ("amount_minor", () => bed.Payments.RecordPaymentResultAsync(new RecordPaymentResultRequest { RequestId = "r-1", Invoice = invoice.Number, Result = PaymentResult.Captured, ProviderReference = "cap-1", Currency = "EUR" }).ResponseAsync),
            ("currency", () => bed.Payments.RecordPaymentResultAsync(new RecordPaymentResultRequest { RequestId = "r-1", Invoice = invoice.Number, Result = PaymentResult.Failed, Currency = "eur" }).ResponseAsync),
            ("file_name", () => BillingTestBed.ImportAsync(finance, "", Encoding.UTF8.GetBytes("<x/>"))),
            ("file_name", () => BillingTestBed.ImportAsync(finance, "../etc/passwd", Encoding.UTF8.GetBytes("<x/>"))),
            ("chunks[0].content", () => BillingTestBed.ImportAsync(finance, "big.xml", new byte[1024 * 1024 + 1], chunkBytes: 1024 * 1024 + 1)),
        };

        foreach (var (field, call) in cases)
        {
            var violation = await RpcAssert.InvalidArgumentAsync(field, call);
            Assert.False(string.IsNullOrEmpty(violation.Description), field);
        }

        var account = await finance.GetCustomerAccountAsync(new GetCustomerAccountRequest { CustomerId = "cust-1" });
        Assert.Empty(account.Payments);
        Assert.Empty(account.CreditNotes);
        Assert.False(account.HasCreditLimitMinor);
        Assert.Equal(BillingTestBed.OrderTotalMinor, Assert.Single(account.OpenItems).OpenMinor);
        Assert.Empty((await finance.ListUnassignedPaymentsAsync(new ListUnassignedPaymentsRequest())).Payments);
    }

    [Fact]
    public async Task ImportBankStatement_MalformedEntry_IsInvalidArgumentNamingItAndRecordsNothing()
    {
        await using var bed = await BillingTestBed.StartAsync(redis, inMemory: true);
        var good = new BankStatementEntry("", "NTRY-1", 1000, "EUR", new DateOnly(2026, 11, 2), "Kim Meyer", "no invoice", "E2E-1");
        var text = Encoding.UTF8.GetString(BillingTestBed.Statement("STMT-BAD", good, good with { Reference = "NTRY-2", AmountMinor = 2000 }));
        // The second entry's amount is spoiled: the whole file is refused, the first entry included.
        var spoiled = Encoding.UTF8.GetBytes(ReplaceSecond(text, ">20.00<", ">20,00<"));

        var violation = await RpcAssert.InvalidArgumentAsync("content", () => BillingTestBed.ImportAsync(bed.FinanceBilling, "bad.xml", spoiled));

        Assert.Contains("Ntry[2]", violation.Description, StringComparison.Ordinal);
        Assert.Contains("bad.xml", violation.Description, StringComparison.Ordinal);
        Assert.Empty((await bed.FinanceBilling.ListUnassignedPaymentsAsync(new ListUnassignedPaymentsRequest())).Payments);
    }

    private static string ReplaceSecond(string text, string what, string with)
    {
        var at = text.IndexOf(what, StringComparison.Ordinal);
        Assert.True(at >= 0, what + " not in the statement");
        var second = text.IndexOf(what, at + 1, StringComparison.Ordinal);
        var index = second >= 0 ? second : at;
        return text[..index] + with + text[(index + what.Length)..];
    }
}

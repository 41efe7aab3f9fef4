using Sourcing.Orders.Billing.BankStatements;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.V1;
using UglyToad.PdfPig;

namespace Sourcing.Service.Tests.Billing;

/// <summary>
/// The README's billing walk through the real host, real Redis stock, the shipped rules and receivables in
/// PostgreSQL: an order paid by invoice ships, its invoice is issued in the ConfirmShipment call with the first number
/// of the year, the PDF reads right, a partial payment is recorded by hand and another arrives on a camt.053 statement.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class InvoiceToCashStoryTests(RedisFixture redis)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ConfirmShipment_OrderPaidByInvoice_InvoiceIssuedPdfReadablePaymentsSettleIt(bool inMemory)
    {
        await using var bed = await BillingTestBed.StartAsync(redis, inMemory);
        var created = await bed.Orders.Web.CreateOrderAsync(BillingTestBed.NewOrder("i2c-1", "invoice"));
        Assert.Equal(OrderStatus.InFulfilment, created.Status);

        await bed.ShipAllAsync(created);

        var invoice = await bed.SingleInvoiceAsync(created.OrderId);
        // Numbered in the year of its invoice date, the seller's (Berlin) day: around New Year that is not the UTC year.
        Assert.Equal($"RE-{invoice.DocumentDate[..4]}-000001", invoice.Number);
        Assert.Equal(invoice.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), invoice.DocumentDate[..4]);
        Assert.Equal((1L, "cust-1", "web", "EUR"), (invoice.Sequence, invoice.CustomerId, invoice.Channel, invoice.Currency));
        Assert.Equal(BillingTestBed.OrderTotalMinor, invoice.GrossTotalMinor);
        Assert.Equal(invoice.GrossTotalMinor, invoice.NetTotalMinor + invoice.VatTotalMinor);
        Assert.Equal(invoice.GrossTotalMinor, invoice.Lines.Sum(l => l.GrossMinor));
        Assert.Equal("invoice", invoice.PaymentMethod);
        Assert.NotEmpty(invoice.DueDate);

        var pdf = await bed.Customer1.GetDocumentPdfAsync(new GetDocumentRequest { Document = invoice.Number });
        Assert.Equal(($"{invoice.Number}.pdf", "application/pdf"), (pdf.FileName, pdf.ContentType));
        Assert.StartsWith("%PDF", BillingTestBed.Text(pdf.Content.Span[..4].ToArray()), StringComparison.Ordinal);
        using (var document = PdfDocument.Open(pdf.Content.ToByteArray()))
        {
            var text = string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
            Assert.Contains(invoice.Number, text, StringComparison.Ordinal);
            Assert.Contains("314,92", text, StringComparison.Ordinal);
        }

        var partial = await bed.FinanceBilling.RecordPaymentAsync(new RecordPaymentRequest
        {
            Reference = "manual-1", AmountMinor = 10_000, Currency = "EUR", ReceivedOn = Today(), PayerName = "Kim Meyer", RemittanceInfo = "Rechnung " + invoice.Number,
        });
        Assert.Equal(PaymentMatch.Partial, partial.Match);
        Assert.Equal(10_000, Assert.Single(partial.Allocations).AmountMinor);

        var rest = BillingTestBed.OrderTotalMinor - 10_000;
        var statement = BillingTestBed.Statement("STMT-1",
            new BankStatementEntry("", "NTRY-1", rest, "EUR", DateOnly.FromDateTime(DateTime.UtcNow), "Kim Meyer", invoice.Number.Replace("-", " ", StringComparison.Ordinal), "E2E-1"));
        var imported = await BillingTestBed.ImportAsync(bed.FinanceBilling, "statement-1.xml", statement, chunkBytes: 700);
        Assert.Equal((1L, 1L, 0L, rest), (imported.Entries, imported.Matched, imported.Duplicates, imported.TotalAmountMinor));

        var again = await BillingTestBed.ImportAsync(bed.FinanceBilling, "statement-1.xml", statement);
        Assert.Equal((1L, 0L, 1L), (again.Entries, again.Matched, again.Duplicates));

        var account = await bed.Customer1.GetCustomerAccountAsync(new GetCustomerAccountRequest());
        Assert.Equal("cust-1", account.CustomerId);
        // Settled: nothing open, nothing overdue, no credit left over (a currency with nothing in it may be left out).
        Assert.All(account.Balances, b => Assert.Equal(("EUR", 0L, 0L, 0L), (b.Currency, b.OpenMinor, b.OverdueMinor, b.CreditMinor)));
        Assert.Empty(account.OpenItems);
        Assert.Equal([rest, 10_000L], account.Payments.Select(p => p.AmountMinor).Order().Reverse());
        Assert.Equal(1, account.InvoicesPaid);
    }

    private static string Today() => DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

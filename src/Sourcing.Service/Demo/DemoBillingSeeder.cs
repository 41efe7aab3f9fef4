using Microsoft.Extensions.Options;
using Sourcing.Orders.Billing;
using Sourcing.Orders.Billing.Invoicing;

namespace Sourcing.Service.Demo;

/// <summary>
/// With the demo data: one invoice of customer C-2002 (a hardware store buying on invoice) issued 30 days ago and
/// still unpaid, so a dunning run has something overdue to raise on a fresh embedded service. It is issued like any
/// invoice (numbered by the store, with its open item and invoice.issued event); only its dates lie in the past.
/// </summary>
public sealed partial class DemoBillingSeeder(IBillingStore store, BillingOptions billing, TimeProvider clock, IOptions<DemoDataOptions> options, ILogger<DemoBillingSeeder> logger)
    : IHostedService
{
    public const string CustomerId = "C-2002";
    private const string SourceKey = "demo:C-2002:overdue";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Seed != true || await store.FindDocumentAsync(BillingDocumentKind.Invoice, SourceKey, cancellationToken) is not null)
        {
            return;
        }

        var issuedAt = clock.GetUtcNow().AddDays(-30);
        var invoice = OverdueInvoice(issuedAt);
        await store.ChangeAccountsAsync([CustomerId], AccountLoad.Default, account =>
        {
            account.Header.Buyer = invoice.Buyer;
            account.TouchHeader();
            AccountPostings.AddInvoice(account, invoice);
            account.AddEvent(new BillingEvent(BillingEventTypes.InvoiceIssued, issuedAt, CustomerId, "", invoice.Id, "", invoice.GrossTotalMinor, invoice.Currency, "demo data"));
            return true;
        }, cancellationToken);
        LogSeeded(logger, CustomerId, invoice.GrossTotalMinor);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private BillingDocument OverdueInvoice(DateTimeOffset issuedAt)
    {
        var day = SellerCalendar.LocalDay(billing, issuedAt);
        const long unitGross = 12999;
        const int quantity = 4;
        const int rate = 1900;
        var (net, vat) = VatMath.SplitGross(unitGross * quantity, rate);
        return new BillingDocument
        {
            Id = DocumentIds.NewInvoiceId(),
            Kind = BillingDocumentKind.Invoice,
            Purpose = InvoicePurpose.Goods,
            Series = billing.InvoiceSeries,
            Year = day.Year,
            SourceKey = SourceKey,
            CustomerId = CustomerId,
            Channel = "web",
            ExternalOrderNumber = "WEB-1999",
            Currency = "EUR",
            IssuedAt = issuedAt,
            DocumentDate = day,
            DeliveryDate = day,
            Seller = billing.Seller,
            Buyer = new BillingParty { Name = "Baumarkt Schulz GmbH", Street = "Hauptstraße 5", PostalCode = "14467", City = "Potsdam", Country = "DE" },
            Lines =
            [
                new BillingDocumentLine
                {
                    Position = 1, Sku = "TENT-2P", Description = "Zelt 2 Personen", Quantity = quantity, UnitGrossMinor = unitGross,
                    VatRateBasisPoints = rate, NetMinor = net, VatMinor = vat, GrossMinor = unitGross * quantity,
                },
            ],
            VatTotals = [new VatTotal { RateBasisPoints = rate, NetMinor = net, VatMinor = vat, GrossMinor = unitGross * quantity }],
            NetTotalMinor = net,
            VatTotalMinor = vat,
            GrossTotalMinor = unitGross * quantity,
            PaymentMethod = PaymentMethods.Invoice,
            Terms = billing.Terms,
            DueDate = day.AddDays(billing.Terms.NetDays),
            DiscountUntil = billing.Terms.DiscountBasisPoints > 0 ? day.AddDays(billing.Terms.DiscountDays) : null,
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo billing data: an unpaid invoice of {CustomerId} over {GrossMinor} minor units from 30 days ago")]
    private static partial void LogSeeded(ILogger logger, string customerId, long grossMinor);
}

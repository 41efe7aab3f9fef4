using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Sourcing.Orders.Billing;
using Sourcing.Orders.Billing.Receivables;
using Sourcing.Orders.Storage.InMemory;

namespace Sourcing.Orders.Tests.Billing.Receivables;

/// <summary>A billing store with invoices issued through the account (as invoicing does), and the receivables service over it.</summary>
internal sealed class ReceivablesWorld
{
    /// <summary>10:00 in Berlin on 10 March 2026.</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);

    public ReceivablesWorld(IBillingStore? store = null)
    {
        Store = store ?? new InMemoryBillingStore();
        Receivables = new ReceivablesService(Store, Orders, Options, Clock, NullLogger<ReceivablesService>.Instance);
    }

    public FakeTimeProvider Clock { get; } = new(Start);
    public BillingOptions Options { get; } = new() { Seller = new BillingParty { Name = "Sourcing GmbH", VatId = "DE123456789" } };
    public IBillingStore Store { get; }
    public InMemoryOrderStore Orders { get; } = new();
    public ReceivablesService Receivables { get; }

    public DateOnly Today => DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);

    /// <summary>Issues a goods invoice of <paramref name="grossMinor"/> at 19 % dated <paramref name="issuedOn"/> (default today) on the store's terms.</summary>
    public async Task<BillingDocument> InvoiceAsync(string customerId, long grossMinor, DateOnly? issuedOn = null, string currency = "EUR", string orderId = "O-1", int vatRate = 1900)
    {
        var day = issuedOn ?? Today;
        var invoice = NewInvoice(customerId, grossMinor, day, currency, orderId, vatRate, Options);
        await Store.ChangeAccountsAsync([customerId], AccountLoad.Default, account =>
        {
            account.AddDocument(invoice, ItemOf(invoice));
            account.AddEvent(new BillingEvent(BillingEventTypes.InvoiceIssued, Clock.GetUtcNow(), customerId, orderId, invoice.Id, "", grossMinor, currency, ""));
            return 0;
        }, CancellationToken.None);
        return invoice;
    }

    public static BillingDocument NewInvoice(string customerId, long grossMinor, DateOnly day, string currency, string orderId, int vatRate, BillingOptions options)
    {
        var (net, vat) = VatMath.SplitGross(grossMinor, vatRate);
        var terms = options.Terms;
        return new BillingDocument
        {
            Id = "inv_" + Guid.CreateVersion7().ToString("N"),
            Kind = BillingDocumentKind.Invoice,
            Series = options.InvoiceSeries,
            Year = day.Year,
            SourceKey = "shipment:" + Guid.NewGuid().ToString("N"),
            CustomerId = customerId,
            OrderId = orderId,
            Currency = currency,
            DocumentDate = day,
            DeliveryDate = day,
            Seller = options.Seller,
            Lines = [new BillingDocumentLine { Position = 1, Sku = "SKU-1", Description = "Ware", Quantity = 1, UnitGrossMinor = grossMinor, VatRateBasisPoints = vatRate, NetMinor = net, VatMinor = vat, GrossMinor = grossMinor }],
            VatTotals = [new VatTotal { RateBasisPoints = vatRate, NetMinor = net, VatMinor = vat, GrossMinor = grossMinor }],
            NetTotalMinor = net,
            VatTotalMinor = vat,
            GrossTotalMinor = grossMinor,
            PaymentMethod = PaymentMethods.Invoice,
            Terms = terms,
            DueDate = day.AddDays(terms.NetDays),
            DiscountUntil = terms.DiscountBasisPoints > 0 ? day.AddDays(terms.DiscountDays) : null,
        };
    }

    public static OpenItem ItemOf(BillingDocument invoice) => new()
    {
        InvoiceId = invoice.Id,
        OrderId = invoice.OrderId,
        Purpose = invoice.Purpose,
        PaymentMethod = invoice.PaymentMethod,
        Currency = invoice.Currency,
        GrossMinor = invoice.GrossTotalMinor,
        IssuedOn = invoice.DocumentDate,
        DueDate = invoice.DueDate!.Value,
        DiscountUntil = invoice.DiscountUntil,
        DiscountBasisPoints = invoice.DiscountUntil is null ? 0 : invoice.Terms.DiscountBasisPoints,
    };

    public Task<PaymentOutcome> PayAsync(long amountMinor, string remittance = "", string? customerId = null, string? reference = null, DateOnly? receivedOn = null, string currency = "EUR", string? orderId = null, string? invoiceNumber = null) =>
        Receivables.RecordPaymentAsync(
            new RecordPaymentCommand(reference ?? "ref-" + Guid.NewGuid().ToString("N"), customerId, invoiceNumber, orderId, amountMinor, currency, receivedOn ?? Today, "Erika Mustermann", remittance, PaymentSource.Manual),
            "clerk",
            CancellationToken.None);

    public async Task<OpenItem> ItemAsync(string customerId, string invoiceId)
    {
        var account = await Store.ChangeAccountsAsync([customerId], new AccountLoad([invoiceId], []), a => a.Items.Single(i => i.InvoiceId == invoiceId), CancellationToken.None);
        return account[0];
    }

    public async Task<LedgerTotals> LedgerAsync(string customerId, string currency = "EUR") =>
        (await Store.GetLedgerTotalsAsync(customerId, CancellationToken.None)).Single(t => t.Currency == currency);

    public async Task<IReadOnlyList<BillingEvent>> EventsAsync(string type) =>
        (await Store.ReadFeedAsync(0, 10_000, new HashSet<string> { type }, CancellationToken.None)).Select(e => e.Event).ToList();
}

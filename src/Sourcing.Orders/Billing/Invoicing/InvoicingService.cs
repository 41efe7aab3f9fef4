using Microsoft.Extensions.Logging;

namespace Sourcing.Orders.Billing.Invoicing;

/// <summary>
/// Issues the invoices an order's shipments call for, and credit notes against them. An invoice is issued once per
/// source key ("shipment:{id}" or "order:{id}"): the store refuses a second one, so concurrent callers (the gRPC
/// ConfirmShipment and the feed follower) converge on the same invoice. Everything an invoice causes — its open
/// item, the capture request of a card/wallet/SEPA order, the allocation of money paid ahead, its events — is saved
/// in the same account change as the invoice, so none of it exists without the others.
/// </summary>
public sealed partial class InvoicingService(IBillingStore billing, IOrderStore orders, BillingOptions options, TimeProvider clock, ILogger<InvoicingService> logger)
{
    /// <summary>
    /// Issues every invoice the order's shipments call for that does not exist yet, and returns all of them (new and
    /// earlier ones) in shipment order. In per-order mode nothing is issued until the order has nothing left to ship.
    /// A shipment (or order) that would be invoiced 0 — a no-charge exchange or replacement, free goods — gets no
    /// invoice at all: there is nothing to collect, number or dun.
    /// </summary>
    public async Task<IReadOnlyList<BillingDocument>> IssueForOrderAsync(string orderId, CancellationToken cancellationToken)
    {
        var order = await orders.GetAsync(orderId, cancellationToken) ?? throw new OrderNotFoundException(orderId);
        var document = order.Document;
        var invoices = new List<BillingDocument>();
        if (options.Invoicing == InvoicingMode.PerOrder)
        {
            if (document.Shipments.Count > 0 && NothingLeftToShip(document))
            {
                AddIssued(invoices, await IssueOnceAsync(document, InvoiceCalculator.OrderSourceKey(document.OrderId), now => InvoiceCalculator.ForOrder(document, options, now), cancellationToken));
            }

            return invoices;
        }

        foreach (var shipment in document.Shipments)
        {
            AddIssued(invoices, await IssueOnceAsync(document, InvoiceCalculator.ShipmentSourceKey(shipment.Id), now => InvoiceCalculator.ForShipment(document, shipment, options, now), cancellationToken));
        }

        return invoices;
    }

    private static void AddIssued(List<BillingDocument> invoices, BillingDocument? invoice)
    {
        if (invoice is not null)
        {
            invoices.Add(invoice);
        }
    }

    /// <summary>Every unit shipped, delivered, cancelled or returned: no later shipment can follow.</summary>
    private static bool NothingLeftToShip(OrderDocument order) =>
        order.Lines.All(l => l.States.All(s => s.Value == 0 || s.Key is LineState.Shipped or LineState.Delivered or LineState.Cancelled or LineState.Returned));

    /// <returns>The invoice, or null when it would total 0 (none is issued).</returns>
    private async Task<BillingDocument?> IssueOnceAsync(OrderDocument order, string sourceKey, Func<DateTimeOffset, BillingDocument> calculate, CancellationToken cancellationToken)
    {
        if (await billing.FindDocumentAsync(BillingDocumentKind.Invoice, sourceKey, cancellationToken) is { } existing)
        {
            return existing;
        }

        var now = clock.GetUtcNow();
        var invoice = calculate(now);
        if (invoice.GrossTotalMinor == 0)
        {
            logger.LogInformation("No invoice for {SourceKey} of order {OrderId}: it totals 0", sourceKey, order.OrderId);
            return null;
        }

        try
        {
            await billing.ChangeAccountsAsync([order.Customer.Id], AccountLoad.Default, account => PostInvoice(account, order, invoice, now), cancellationToken);
        }
        catch (BillingDuplicateException)
        {
            // A concurrent caller issued it first: answer with theirs.
            return await billing.FindDocumentAsync(BillingDocumentKind.Invoice, sourceKey, cancellationToken)
                ?? throw new InvalidOperationException($"The invoice for {sourceKey} was reported as issued but cannot be read.");
        }

        logger.LogInformation("Issued invoice {InvoiceId} for {SourceKey} of order {OrderId}", invoice.Id, sourceKey, order.OrderId);
        return await billing.GetDocumentAsync(invoice.Id, cancellationToken) ?? invoice;
    }

    private bool PostInvoice(BillingAccount account, OrderDocument order, BillingDocument invoice, DateTimeOffset now)
    {
        var item = AccountPostings.AddInvoice(account, invoice);
        account.AddEvent(new BillingEvent(BillingEventTypes.InvoiceIssued, now, account.CustomerId, order.OrderId, invoice.Id, "",
            invoice.GrossTotalMinor, invoice.Currency, invoice.SourceKey));

        account.Header.Buyer = invoice.Buyer;
        account.TouchHeader();

        switch (PaymentMethods.KindOf(order.PaymentMethod))
        {
            case { } kind when PaymentMethods.IsCapturedOnShipment(kind):
                account.AddEvent(new BillingEvent(BillingEventTypes.CaptureRequested, now, account.CustomerId, order.OrderId, invoice.Id, "",
                    invoice.GrossTotalMinor, invoice.Currency, CaptureReference(order, kind)));
                break;
            case PaymentMethodKind.Prepayment or PaymentMethodKind.InStore:
                // Money the customer paid for this order ahead of shipment settles its invoices, oldest payment first.
                var today = SellerCalendar.LocalDay(options, now);
                foreach (var payment in account.Payments.Where(p => p.OrderId == order.OrderId && p.UnallocatedMinor > 0 && p.Currency == invoice.Currency).OrderBy(p => p.Id, StringComparer.Ordinal).ToList())
                {
                    AccountPostings.Allocate(account, payment, item, item.OpenMinor, AccountPostings.AutoAllocator, now, today);
                }

                break;
        }

        return true;
    }

    /// <summary>What the payment integration captures on: the card/wallet authorisation or the SEPA mandate.</summary>
    internal static string CaptureReference(OrderDocument order, PaymentMethodKind kind) =>
        kind == PaymentMethodKind.DirectDebit
            ? $"mandate:{order.MandateReference}"
            : $"authorisation:{order.PaymentReference}" + (order.PaymentProvider.Length > 0 ? $" provider:{order.PaymentProvider}" : "");
}

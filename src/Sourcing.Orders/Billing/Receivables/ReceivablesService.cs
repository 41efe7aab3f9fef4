using Microsoft.Extensions.Logging;
using Sourcing.Orders.Billing.Invoicing;

namespace Sourcing.Orders.Billing.Receivables;

/// <summary>
/// Records money received and matches it to invoices: by the invoice numbers it names, else by the customer and an
/// exact amount; what nobody can be matched to (or what arrived in another currency than its invoice) is recorded
/// unassigned and listed for a finance clerk, who assigns it. Money that arrived is never refused for not matching.
/// </summary>
public sealed class ReceivablesService(IBillingStore store, IOrderStore orders, BillingOptions options, TimeProvider clock, ILogger<ReceivablesService> logger)
{
    public const int MaxUnassignedPage = 500;

    private readonly InvoiceNumberParser _parser = InvoiceNumberParser.For(options);

    public async Task<PaymentOutcome> RecordPaymentAsync(RecordPaymentCommand command, string actor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command.Reference, "reference");
        PaymentLimits.Check(command.AmountMinor, command.Currency);
        var payment = PaymentResolution.NewPayment(command, actor, clock.GetUtcNow());
        if ((await store.FindPaymentReferencesAsync([command.Reference], cancellationToken)).Count > 0)
        {
            return new PaymentOutcome(payment, [], PaymentMatch.Duplicate);
        }

        var numbers = _parser.Find(command.RemittanceInfo).ToList();
        if (!string.IsNullOrWhiteSpace(command.InvoiceNumber))
        {
            // Written as loosely as in a remittance text ("re 2026 42"); what the parser cannot read is looked up as given.
            var explicitNumbers = _parser.Find(command.InvoiceNumber);
            numbers.InsertRange(0, explicitNumbers.Count > 0 ? explicitNumbers : [command.InvoiceNumber.Trim()]);
        }

        var invoices = numbers.Count == 0
            ? new Dictionary<string, (string InvoiceId, string CustomerId)>()
            : await store.FindInvoicesByNumberAsync(numbers.Distinct(StringComparer.Ordinal).ToList(), cancellationToken);
        var order = string.IsNullOrWhiteSpace(command.OrderId) ? null : await orders.GetAsync(command.OrderId, cancellationToken);
        var (customerId, named) = PaymentResolution.Resolve(command.CustomerId, numbers, invoices, order?.Document.Customer.Id);
        var documents = await LoadInvoicesAsync(named, cancellationToken);
        var otherCurrency = PaymentResolution.InOtherCurrency(documents, command.Currency);
        if (customerId.Length == 0 || otherCurrency is not null)
        {
            var detail = otherCurrency is null ? PaymentResolution.NobodyDetail : PaymentResolution.MismatchDetail(otherCurrency, command.Currency, customerId);
            return await RecordUnassignedAsync(payment, detail, cancellationToken);
        }

        if (named.Count == 0)
        {
            documents = await LoadInvoicesAsync(await DiscountCandidatesAsync(customerId, command, cancellationToken), cancellationToken);
        }

        var prepayment = PrepaymentOf(order, customerId);
        var targets = new PaymentTargets(named, documents, prepayment);
        try
        {
            var outcomes = await store.ChangeAccountsAsync(
                [customerId],
                new AccountLoad(named, []),
                account => PaymentApplication.Apply(account, payment, targets, Context(actor)),
                cancellationToken);
            var outcome = outcomes[0];
            logger.LogInformation("Payment {PaymentId} ({Reference}) of {Amount} {Currency} recorded for customer {CustomerId}: {Match}", payment.Id, payment.ExternalReference, payment.AmountMinor, payment.Currency, customerId, outcome.Match);
            return outcome;
        }
        catch (BillingDuplicateException)
        {
            // A concurrent copy of this payment was saved first.
            return new PaymentOutcome(payment, [], PaymentMatch.Duplicate);
        }
    }

    /// <summary>
    /// A clerk puts a payment (unassigned, or a customer's credit) on a customer and, optionally, on invoices of that
    /// customer (oldest first, up to their open amounts); what is left stays the customer's credit.
    /// </summary>
    public async Task<PaymentOutcome> AssignPaymentAsync(string paymentId, string customerId, IReadOnlyList<string> invoiceIds, string actor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(paymentId, "payment_id");
        ArgumentException.ThrowIfNullOrWhiteSpace(customerId, "customer_id");
        foreach (var invoiceId in invoiceIds)
        {
            // Loaded by id, another customer's invoice would sit in this account: only the customer's own are taken.
            var invoice = await store.GetDocumentAsync(invoiceId, cancellationToken);
            if (invoice is null || invoice.Kind != BillingDocumentKind.Invoice || invoice.CustomerId != customerId)
            {
                throw new BillingNotFoundException("Invoice", invoiceId);
            }
        }

        var outcomes = await store.ChangeAccountsAsync(
            [customerId],
            new AccountLoad(invoiceIds, [paymentId]),
            account => PaymentAssignment.Assign(account, paymentId, invoiceIds, Context(actor)),
            cancellationToken);
        return outcomes[0];
    }

    public Task<IReadOnlyList<Payment>> ListUnassignedPaymentsAsync(string? afterPaymentId, int max, CancellationToken cancellationToken) =>
        store.ListUnassignedPaymentsAsync(afterPaymentId, Math.Clamp(max, 1, MaxUnassignedPage), cancellationToken);

    private async Task<PaymentOutcome> RecordUnassignedAsync(Payment payment, string detail, CancellationToken cancellationToken)
    {
        var unmatched = PaymentResolution.Unassign(payment, detail, clock.GetUtcNow());
        try
        {
            await store.RecordUnassignedPaymentsAsync([payment], [unmatched], cancellationToken);
        }
        catch (BillingDuplicateException)
        {
            return new PaymentOutcome(payment, [], PaymentMatch.Duplicate);
        }

        logger.LogInformation("Payment {PaymentId} ({Reference}) of {Amount} {Currency} is unassigned: {Detail}", payment.Id, payment.ExternalReference, payment.AmountMinor, payment.Currency, detail);
        return new PaymentOutcome(payment, [], PaymentMatch.Unmatched);
    }

    internal async Task<IReadOnlyDictionary<string, BillingDocument>> LoadInvoicesAsync(IReadOnlyList<string> invoiceIds, CancellationToken cancellationToken)
    {
        var documents = new Dictionary<string, BillingDocument>(StringComparer.Ordinal);
        foreach (var id in invoiceIds)
        {
            if (await store.GetDocumentAsync(id, cancellationToken) is { } document)
            {
                documents[id] = document;
            }
        }

        return documents;
    }

    /// <summary>Without a reference: the customer's items this payment would settle with the early-payment discount.</summary>
    private async Task<IReadOnlyList<string>> DiscountCandidatesAsync(string customerId, RecordPaymentCommand command, CancellationToken cancellationToken)
    {
        var account = await store.GetAccountAsync(customerId, cancellationToken);
        return account is null
            ? []
            : account.Items
                .Where(i => i.OpenMinor > 0 && i.DiscountBasisPoints > 0 && i.DiscountUntil >= command.ReceivedOn && i.Currency == command.Currency)
                .Where(i => i.OpenMinor - VatMath.Share(i.GrossMinor, i.DiscountBasisPoints) == command.AmountMinor)
                .Select(i => i.InvoiceId)
                .Take(InvoiceNumberParser.MaxNumbers)
                .ToList();
    }

    private static PrepaymentOrder? PrepaymentOf(Order? order, string customerId) =>
        order is not null
        && string.Equals(order.Document.PaymentMethod, PaymentMethods.Prepayment, StringComparison.Ordinal)
        && string.Equals(order.Document.Customer.Id, customerId, StringComparison.Ordinal)
            ? new PrepaymentOrder(order.Id, order.Project().TotalMinor, order.Document.Currency)
            : null;

    private ReceivablesContext Context(string actor)
    {
        var now = clock.GetUtcNow();
        return new ReceivablesContext(actor, now, SellerCalendar.LocalDay(options, now), options);
    }
}

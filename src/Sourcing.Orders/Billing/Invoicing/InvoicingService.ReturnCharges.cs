using Microsoft.Extensions.Logging;
using Sourcing.Orders.Billing.Capture;

namespace Sourcing.Orders.Billing.Invoicing;

public sealed partial class InvoicingService
{
    public const int MaxReturnChargeLines = 100;

    /// <summary>
    /// Issues the return charge invoice (series as goods invoices, purpose ReturnCharge) to the original order's
    /// customer: an open item due by the normal terms, dunned like any other. Idempotent by its source key
    /// "return-charge:{return id}".
    /// </summary>
    public async Task<BillingDocument> IssueReturnChargeAsync(ReturnChargeCommand command, CancellationToken cancellationToken)
    {
        Validate(command);
        var sourceKey = InvoiceCalculator.ReturnChargeSourceKey(command.ReturnId);
        if (await billing.FindDocumentAsync(BillingDocumentKind.Invoice, sourceKey, cancellationToken) is { } existing)
        {
            return existing;
        }

        var order = await orders.GetAsync(command.OrderId, cancellationToken) ?? throw new OrderNotFoundException(command.OrderId);
        var now = clock.GetUtcNow();
        var invoice = InvoiceCalculator.ForReturnCharge(order.Document, command.ReturnId, command.Lines, options, now);
        try
        {
            await billing.ChangeAccountsAsync([order.Document.Customer.Id], AccountLoad.Default, account =>
            {
                AccountPostings.AddInvoice(account, invoice);
                account.AddEvent(new BillingEvent(BillingEventTypes.InvoiceIssued, now, account.CustomerId, invoice.OrderId, invoice.Id, "",
                    invoice.GrossTotalMinor, invoice.Currency, invoice.SourceKey));
                return true;
            }, cancellationToken);
        }
        catch (BillingDuplicateException)
        {
            return await billing.FindDocumentAsync(BillingDocumentKind.Invoice, sourceKey, cancellationToken)
                ?? throw new InvalidOperationException($"The invoice for {sourceKey} was reported as issued but cannot be read.");
        }

        logger.LogInformation("Issued return charge invoice {InvoiceId} for {SourceKey} of order {OrderId}", invoice.Id, sourceKey, invoice.OrderId);
        return await billing.GetDocumentAsync(invoice.Id, cancellationToken) ?? invoice;
    }

    private static void Validate(ReturnChargeCommand command)
    {
        if (string.IsNullOrWhiteSpace(command.ReturnId))
        {
            throw new ArgumentException("A return charge names its return.", "return_id");
        }

        if (string.IsNullOrWhiteSpace(command.OrderId))
        {
            throw new ArgumentException("A return charge names the original order.", "order_id");
        }

        if (command.Lines is not { Count: > 0 and <= MaxReturnChargeLines })
        {
            throw new ArgumentException($"A return charge has 1 to {MaxReturnChargeLines} lines.", "lines");
        }

        foreach (var line in command.Lines)
        {
            if (line.Quantity <= 0)
            {
                throw new ArgumentException("A charged line's quantity must be positive.", "lines.quantity");
            }

            if (line.UnitGrossMinor is <= 0 or > PaymentResultService.MaxAmountMinor)
            {
                throw new ArgumentException($"A charged line's unit gross must be between 1 and {PaymentResultService.MaxAmountMinor}.", "lines.unit_gross_minor");
            }

            if (line.VatRateBasisPoints is < 0 or > VatMath.MaxRateBasisPoints)
            {
                throw new ArgumentException($"A charged line's VAT rate must be between 0 and {VatMath.MaxRateBasisPoints} basis points.", "lines.vat_rate_basis_points");
            }
        }
    }
}

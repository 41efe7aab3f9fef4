using Sourcing.Orders.Billing;

namespace Sourcing.Orders.Customers.Search;

/// <summary>
/// The exact half of the agent search: an order id, an external order number of any channel, an invoice or credit
/// note number, an RMA number — any case — names the customer it belongs to, shown as its survivor with score 1.
/// </summary>
internal sealed class NumberLookup(ICustomerStore customers, IOrderStore orders, IBillingStore billing)
{
    /// <summary>Orders sharing one external number (channels number independently) looked at.</summary>
    private const int MaxOrdersPerNumber = 20;

    /// <summary>Merges re-point earlier merges at the survivor, so a chain is one step; a few more are followed defensively.</summary>
    private const int MaxMergeHops = 8;

    public async Task<IReadOnlyList<(string SurvivorId, CustomerSearchField Field, double Score)>> FindAsync(
        string text, CustomerSearchField field, CancellationToken cancellationToken)
    {
        var owners = new List<(string CustomerId, CustomerSearchField Field)>();
        if (field is CustomerSearchField.Any or CustomerSearchField.OrderNumber)
        {
            foreach (var customerId in await OrderCustomersAsync(text, cancellationToken))
            {
                owners.Add((customerId, CustomerSearchField.OrderNumber));
            }
        }

        if (field is CustomerSearchField.Any or CustomerSearchField.InvoiceNumber)
        {
            // Numbers are issued upper case ("RE-2026-000042"); an agent may type them in any case.
            var document = await billing.FindDocumentByNumberAsync(text, cancellationToken)
                ?? await billing.FindDocumentByNumberAsync(text.ToUpperInvariant(), cancellationToken);
            if (document is not null)
            {
                owners.Add((document.CustomerId, CustomerSearchField.InvoiceNumber));
            }
        }

        if (field is CustomerSearchField.Any or CustomerSearchField.RmaNumber)
        {
            if (await orders.FindReturnAsync(text, cancellationToken) is { } rma)
            {
                owners.Add((rma.CustomerId, CustomerSearchField.RmaNumber));
            }
        }

        var found = new List<(string SurvivorId, CustomerSearchField Field, double Score)>();
        foreach (var (customerId, matched) in owners)
        {
            if (await SurvivorAsync(customerId, cancellationToken) is { } survivor && !found.Any(f => f.SurvivorId == survivor))
            {
                found.Add((survivor, matched, 1.0));
            }
        }

        return found;
    }

    private async Task<IReadOnlyList<string>> OrderCustomersAsync(string number, CancellationToken cancellationToken)
    {
        var orderIds = new List<string>(await orders.FindByExternalNumberAsync(number, MaxOrdersPerNumber, cancellationToken));
        orderIds.Insert(0, number);
        var customerIds = new List<string>();
        foreach (var orderId in orderIds.Distinct(StringComparer.Ordinal))
        {
            if (await orders.GetAsync(orderId, cancellationToken) is { } order && order.Document.Customer.Id.Length > 0)
            {
                customerIds.Add(order.Document.Customer.Id);
            }
        }

        return customerIds;
    }

    /// <summary>The customer a hit shows (merges followed); null for an erased customer or an id the directory does not know.</summary>
    private async Task<string?> SurvivorAsync(string customerId, CancellationToken cancellationToken)
    {
        for (var hop = 0; hop <= MaxMergeHops && customerId.Length > 0; hop++)
        {
            var customer = (await customers.GetAsync(customerId, cancellationToken))?.Document;
            switch (customer?.Status)
            {
                case null or CustomerStatus.Erased:
                    return null;
                case CustomerStatus.Merged:
                    customerId = customer.MergedInto;
                    break;
                default:
                    return customer.CustomerId;
            }
        }

        return null;
    }
}

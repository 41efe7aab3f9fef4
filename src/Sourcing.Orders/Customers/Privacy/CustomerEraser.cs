using Sourcing.Orders.Billing;

namespace Sourcing.Orders.Customers.Privacy;

/// <summary>
/// Erasure by pseudonymisation, in an order that a crash at any point leaves repeatable: the orders first (each
/// history, then the order), then the billing accounts' buyer data, and last the customer records in one save — only
/// that save marks the customer erased, so a repeat after a crash finds the work left and does it.
/// </summary>
internal sealed class CustomerEraser(CustomerHoldingsReader reader, ICustomerStore customers, IOrderStore orders, IBillingStore billing, TimeProvider clock, int retentionYears)
{
    public async Task<ErasureResult> EraseAsync(string customerId, string reason, CustomerActor actor, CancellationToken cancellationToken)
    {
        reason = (reason ?? "").Trim();
        if (reason.Length is 0 or > CustomerOptions.MaxReasonLength || reason.Any(char.IsControl))
        {
            throw new ArgumentException($"An erasure needs a reason of 1 to {CustomerOptions.MaxReasonLength} characters without control characters.", "reason");
        }

        var holdings = await reader.ReadAsync(customerId, cancellationToken);
        var survivor = holdings.Resolved.Survivor.Document;
        if (survivor.Status == CustomerStatus.Erased && survivor.ErasedAt is { } erasedAt)
        {
            return Result(holdings, erasedAt);
        }

        OpenBusiness.EnsureNone(holdings);
        var now = clock.GetUtcNow();
        var who = actor.Subject;
        var customerTexts = holdings.Customers.SelectMany(c => PersonalTexts(c.Document)).Distinct(StringComparer.Ordinal).ToList();
        var pseudonymiser = new OrderPseudonymiser(orders);
        foreach (var order in holdings.Orders)
        {
            await pseudonymiser.EraseAsync(order.Id, customerTexts, who, now, cancellationToken);
        }

        var withAccounts = holdings.Accounts.Select(a => a.CustomerId).ToList();
        if (withAccounts.Count > 0)
        {
            await billing.ChangeAccountsAsync(withAccounts, AccountLoad.Default, account =>
            {
                var buyer = account.Header.Buyer;
                if (buyer.Name != Order.ErasedName || buyer.Street.Length + buyer.PostalCode.Length + buyer.City.Length + buyer.Email.Length + buyer.VatId.Length > 0)
                {
                    account.Header.Buyer = new BillingParty { Name = Order.ErasedName, Country = buyer.Country };
                    account.TouchHeader();
                }

                return true;
            }, cancellationToken);
        }

        // The reason stays out of the record: an agent's words about the request may well name the person.
        var detail = $"personal data erased on request; {holdings.Orders.Count} order(s) pseudonymised, {holdings.Documents.Count} invoice(s) and credit note(s) retained";
        await customers.SaveAsync(
            holdings.Customers.Select(c => new CustomerChange(Erased(c.Document, detail, who, now), c.Version)).ToList(), cancellationToken);
        return Result(holdings, now);
    }

    private ErasureResult Result(CustomerHoldings holdings, DateTimeOffset erasedAt)
    {
        var latestYear = holdings.Documents.Count > 0 ? holdings.Documents.Max(d => d.Year) : (int?)null;
        return new ErasureResult(
            holdings.CustomerId,
            erasedAt,
            holdings.Orders.Count,
            holdings.Documents.Count,
            latestYear is { } year ? new DateOnly(year + retentionYears, 12, 31) : null);
    }

    /// <summary>The record without anything personal: the id, status, merges (without moved identities or reasons), segment and events stay.</summary>
    private static CustomerDocument Erased(CustomerDocument customer, string detail, string actor, DateTimeOffset now)
    {
        customer.Contact = new ContactData { GivenName = Order.ErasedName };
        customer.ContactHistory.Clear();
        customer.Identities.Clear();
        foreach (var merge in customer.Merges)
        {
            merge.IdentitiesMoved.Clear();
            merge.Reason = "";
        }

        customer.Status = CustomerStatus.Erased;
        customer.ErasedAt = now;
        customer.UpdatedAt = now;
        customer.Events.Add(new CustomerEvent(CustomerEventTypes.Erased, now, actor, detail));
        return customer;
    }

    /// <summary>The record's personal texts, current and earlier versions, as they may have been quoted elsewhere.</summary>
    private static IEnumerable<string> PersonalTexts(CustomerDocument customer)
    {
        foreach (var contact in customer.ContactHistory.Select(v => v.Contact).Append(customer.Contact))
        {
            yield return contact.GivenName;
            yield return contact.FamilyName;
            yield return $"{contact.GivenName} {contact.FamilyName}".Trim();
            yield return contact.CompanyName;
            yield return contact.Email;
            yield return contact.Phone;
            foreach (var address in contact.Addresses)
            {
                yield return address.Address.Name;
                yield return address.Address.Street;
                yield return address.Address.PostalCode;
                yield return address.Address.City;
            }
        }

        foreach (var identity in customer.Identities)
        {
            yield return identity.Value;
        }
    }
}

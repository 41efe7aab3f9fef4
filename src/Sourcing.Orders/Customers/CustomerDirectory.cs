using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sourcing.Orders.Customers;

/// <summary>
/// One customer across channels: registration, identities, versioned contact data, classification, and the merge of
/// duplicates by an agent (reversible within <see cref="CustomerOptions.MergeUndoWindow"/>). Orders find their
/// customer here (<see cref="IOrderCustomers"/>). Every command checks everything before its one
/// <see cref="ICustomerStore.SaveAsync"/>, so a refusal changes nothing.
/// </summary>
public sealed partial class CustomerDirectory(
    ICustomerStore store, TimeProvider clock, IOptions<CustomerOptions> options, ILogger<CustomerDirectory> logger) : IOrderCustomers
{
    // Merges are re-pointed at the survivor, so a chain is one hop; the bound only stops a corrupt cycle.
    private const int MaxMergeHops = 16;

    /// <summary>The customer as stored (a merged or erased one included); <see cref="CustomerNotFoundException"/> when none.</summary>
    public async Task<StoredCustomer> GetAsync(string customerId, CancellationToken cancellationToken) =>
        await ReadAsync(customerId, cancellationToken) ?? throw new CustomerNotFoundException(customerId);

    /// <summary>The survivor of this id (itself when not merged) and everyone merged into it.</summary>
    public async Task<ResolvedCustomer> ResolveAsync(string customerId, CancellationToken cancellationToken)
    {
        var survivor = await SurvivorAsync(await GetAsync(customerId, cancellationToken), cancellationToken);
        return new ResolvedCustomer(survivor, [survivor.Document.CustomerId, .. survivor.Document.MergedFrom]);
    }

    /// <summary>
    /// The customer's copy, never the store's object: commands change it freely and a refusal leaves the store's data
    /// as it was whatever the store hands out.
    /// </summary>
    private async Task<StoredCustomer?> ReadAsync(string customerId, CancellationToken cancellationToken) =>
        customerId.Length == 0 ? null : Copy(await store.GetAsync(customerId, cancellationToken));

    private static StoredCustomer? Copy(StoredCustomer? stored) => stored is null ? null : stored with { Document = Copy(stored.Document) };

    private static T Copy<T>(T value) => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value))!;

    /// <summary>Follows <see cref="CustomerDocument.MergedInto"/> to the customer now holding the merged one's data.</summary>
    private async Task<StoredCustomer> SurvivorAsync(StoredCustomer customer, CancellationToken cancellationToken)
    {
        for (var hop = 0; customer.Document.Status == CustomerStatus.Merged && hop < MaxMergeHops; hop++)
        {
            customer = await ReadAsync(customer.Document.MergedInto, cancellationToken)
                ?? throw new InvalidOperationException($"Customer '{customer.Document.CustomerId}' is merged into '{customer.Document.MergedInto}', which does not exist.");
        }

        return customer.Document.Status == CustomerStatus.Merged
            ? throw new InvalidOperationException($"The merges of customer '{customer.Document.CustomerId}' form a cycle.")
            : customer;
    }

    /// <summary>Refuses a command on a customer that is merged (naming the survivor) or erased.</summary>
    private static void EnsureActive(CustomerDocument customer)
    {
        switch (customer.Status)
        {
            case CustomerStatus.Merged:
                throw new CustomerStateException(
                    "CUSTOMER_MERGED", Subject(customer.CustomerId),
                    $"Customer '{customer.CustomerId}' was merged into '{customer.MergedInto}'; change that customer instead. Nothing was changed.");
            case CustomerStatus.Erased:
                throw Erased(customer.CustomerId);
        }
    }

    private static CustomerStateException Erased(string customerId) => new(
        "CUSTOMER_ERASED", Subject(customerId),
        $"Customer '{customerId}' was erased on request; its personal data is gone and it takes no changes or orders. Nothing was changed.");

    private static string Subject(string customerId) => "customer/" + customerId;

    private void Record(CustomerDocument customer, string type, string actor, string detail)
    {
        var now = clock.GetUtcNow();
        customer.Events.Add(new CustomerEvent(type, now, actor, detail));
        customer.UpdatedAt = now;
    }

    private Task SaveAsync(CancellationToken cancellationToken, params IEnumerable<StoredCustomer> customers) =>
        store.SaveAsync([.. customers.Select(c => new CustomerChange(c.Document, c.Version))], cancellationToken);

    /// <summary>The customer as saved by a change read at <paramref name="read"/>: the store adds one to the version.</summary>
    private static StoredCustomer Saved(StoredCustomer read) => read with { Version = read.Version + 1 };

    private static void RequireCustomerId(string customerId, string field = "customer_id")
    {
        ContactDataValidator.RequiredText(customerId, field, CustomerIds.MaxLength);
    }

    /// <summary>"loyalty_card", "marketplace_buyer": how an identity's kind is named in events and messages.</summary>
    private static string KindName(IdentityKind kind) => kind switch
    {
        IdentityKind.MarketplaceBuyer => "marketplace_buyer",
        IdentityKind.LoyaltyCard => "loyalty_card",
        _ => kind.ToString().ToLowerInvariant(),
    };
}

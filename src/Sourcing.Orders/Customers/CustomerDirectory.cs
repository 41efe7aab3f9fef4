using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sourcing.Orders.Customers;

/// <summary>
/// One customer across channels: registration, identities, versioned contact data, classification, and the merge of
/// duplicates by an agent (reversible within <see cref="CustomerOptions.MergeUndoWindow"/>). Orders find their
/// customer here (<see cref="IOrderCustomers"/>).
/// </summary>
public sealed partial class CustomerDirectory(
    ICustomerStore store, TimeProvider clock, IOptions<CustomerOptions> options, ILogger<CustomerDirectory> logger) : IOrderCustomers
{
    /// <summary>The customer as stored (a merged or erased one included); <see cref="CustomerNotFoundException"/> when none.</summary>
    public Task<StoredCustomer> GetAsync(string customerId, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    /// <summary>The survivor of this id (itself when not merged) and everyone merged into it.</summary>
    public Task<ResolvedCustomer> ResolveAsync(string customerId, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<StoredCustomer> RegisterAsync(RegisterCustomerCommand command, CustomerActor actor, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<StoredCustomer> UpdateContactAsync(UpdateContactCommand command, CustomerActor actor, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<StoredCustomer> AddIdentityAsync(string customerId, NewIdentity identity, CustomerActor actor, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<StoredCustomer> RemoveIdentityAsync(string customerId, NewIdentity identity, CustomerActor actor, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<StoredCustomer> ClassifyAsync(ClassifyCustomerCommand command, CustomerActor actor, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    /// <summary>Merges a duplicate into the survivor; returns the survivor as saved.</summary>
    public Task<StoredCustomer> MergeAsync(MergeCustomersCommand command, CustomerActor actor, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    /// <summary>Undoes the merge of <paramref name="mergedId"/>; returns the restored customer as saved.</summary>
    public Task<StoredCustomer> UndoMergeAsync(string mergedId, string reason, CustomerActor actor, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<string> ResolveAsync(OrderDocument order, OrderCustomerIdentity? identity, string actor, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    // Placeholder until the methods above are written: keeps the dependencies referenced.
    private object Dependencies() => (store, clock, options, logger);
}

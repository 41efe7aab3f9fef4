namespace Sourcing.Orders.Customers;

public sealed partial class CustomerDirectory
{
    /// <summary>
    /// Adds an identity; one held by another customer is <see cref="IdentityTakenException"/> (an agent merges, this
    /// never does). One the customer holds already changes nothing.
    /// </summary>
    public async Task<StoredCustomer> AddIdentityAsync(string customerId, NewIdentity identity, CustomerActor actor, CancellationToken cancellationToken)
    {
        RequireCustomerId(customerId);
        var added = Normalise(identity, actor, "identity");
        var customer = await GetAsync(customerId, cancellationToken);
        var document = customer.Document;
        EnsureActive(document);
        if (document.Identities.Any(held => SameIdentity(held, added)))
        {
            return customer;
        }

        var holder = await store.FindByIdentityAsync(added.Kind, added.Scope, added.Value, cancellationToken);
        if (holder is not null)
        {
            throw new IdentityTakenException(added.Kind, added.Scope, added.Value, holder);
        }

        if (document.Identities.Count >= CustomerOptions.MaxIdentitiesPerCustomer)
        {
            throw new CustomerStateException(
                "TOO_MANY_IDENTITIES", Subject(document.CustomerId),
                $"Customer '{document.CustomerId}' holds {CustomerOptions.MaxIdentitiesPerCustomer} identities, the most allowed; remove one first. Nothing was changed.");
        }

        document.Identities.Add(added);
        Record(document, CustomerEventTypes.IdentityAdded, actor.Subject, $"identity {KindName(added.Kind)} added");
        await SaveAsync(cancellationToken, customer);
        return Saved(customer);
    }

    /// <summary>Removes an identity (the last one too); one the customer does not hold changes nothing.</summary>
    public async Task<StoredCustomer> RemoveIdentityAsync(string customerId, NewIdentity identity, CustomerActor actor, CancellationToken cancellationToken)
    {
        RequireCustomerId(customerId);
        var removed = Normalise(identity, actor, "identity");
        var customer = await GetAsync(customerId, cancellationToken);
        var document = customer.Document;
        EnsureActive(document);
        if (document.Identities.RemoveAll(held => SameIdentity(held, removed)) == 0)
        {
            return customer;
        }

        Record(document, CustomerEventTypes.IdentityRemoved, actor.Subject, $"identity {KindName(removed.Kind)} removed");
        await SaveAsync(cancellationToken, customer);
        return Saved(customer);
    }
}

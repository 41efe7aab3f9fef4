using Microsoft.Extensions.Logging;

namespace Sourcing.Orders.Customers;

public sealed partial class CustomerDirectory
{
    // A first order and a concurrent change of the same customer race on its version; a few rereads settle it.
    private const int MaxOrderAttempts = 5;

    // How often one identity can be given up and come back as a new customer before its orders are refused.
    private const int MaxIdentityGenerations = 100;

    /// <summary>
    /// The customer id to store on a new order: the identity's holder, or the id's survivor, or a customer registered
    /// from the order when neither is known. Never merges: an id and an identity of two customers are refused.
    /// </summary>
    public async Task<string> ResolveAsync(OrderDocument order, OrderCustomerIdentity? identity, string actor, CancellationToken cancellationToken)
    {
        var customerId = order.Customer.Id;
        if (identity is null)
        {
            return customerId.Length == 0 ? "" : await ResolveIdAsync(order, customerId, actor, cancellationToken);
        }

        if (!Enum.IsDefined(identity.Kind))
        {
            throw new ArgumentException("is not a known identity kind", "customer.identity.kind");
        }

        var value = CustomerText.IdentityValue(identity.Kind, identity.Value);
        if (value.Length == 0)
        {
            throw new ArgumentException("is empty once normalised (a phone number needs digits)", "customer.identity.value");
        }

        var orderIdentity = new CustomerIdentity
        {
            Kind = identity.Kind,
            Scope = CustomerText.IdentityScope(identity.Kind, order.Channel),
            Value = value,
            AddedAt = clock.GetUtcNow(),
            AddedBy = actor,
        };
        return customerId.Length == 0
            ? await ResolveIdentityAsync(order, orderIdentity, actor, cancellationToken)
            : await ResolveBothAsync(order, customerId, orderIdentity, actor, cancellationToken);
    }

    /// <summary>
    /// Case 1: only an identity. Its holder, else a customer registered under an id derived from it, so concurrent
    /// first orders of one identity converge on one customer.
    /// </summary>
    private async Task<string> ResolveIdentityAsync(OrderDocument order, CustomerIdentity identity, string actor, CancellationToken cancellationToken)
    {
        var generation = 0;
        for (var attempt = 1; ; attempt++)
        {
            var holder = await store.FindByIdentityAsync(identity.Kind, identity.Scope, identity.Value, cancellationToken);
            if (holder is not null)
            {
                return await OrderSurvivorIdAsync(holder, cancellationToken);
            }

            var derivedId = CustomerIds.ForIdentity(identity.Kind, identity.Scope, identity.Value, generation);
            try
            {
                await InsertFromOrderAsync(order, derivedId, identity, actor, cancellationToken);
                return derivedId;
            }
            catch (CustomerIdTakenException) when (generation < MaxIdentityGenerations)
            {
                // A concurrent first order of this identity registered it: the next round finds it as the holder.
                // Should nobody hold it then, the derived customer gave the identity up (removed, or erased on
                // request) and the next generation's id registers a new customer.
                if (await store.FindByIdentityAsync(identity.Kind, identity.Scope, identity.Value, cancellationToken) is null)
                {
                    generation++;
                }
            }
            catch (IdentityTakenException) when (attempt < MaxOrderAttempts)
            {
                // Another customer took the identity meanwhile: the next round finds it as the holder.
            }
        }
    }

    /// <summary>Case 2: only an id. Its survivor, else a customer registered with exactly that id.</summary>
    private async Task<string> ResolveIdAsync(OrderDocument order, string customerId, string actor, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await ReadAsync(customerId, cancellationToken) is not null)
            {
                return await OrderSurvivorIdAsync(customerId, cancellationToken);
            }

            try
            {
                await InsertFromOrderAsync(order, customerId, null, actor, cancellationToken);
                return customerId;
            }
            catch (CustomerIdTakenException) when (attempt < MaxOrderAttempts)
            {
                // A concurrent first order under this id registered it: the next round reads it.
            }
        }
    }

    /// <summary>Case 3: an id and an identity. They must name one customer; an unknown identity joins the id's customer.</summary>
    private async Task<string> ResolveBothAsync(OrderDocument order, string customerId, CustomerIdentity identity, string actor, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var holder = await store.FindByIdentityAsync(identity.Kind, identity.Scope, identity.Value, cancellationToken);
            var named = await ReadAsync(customerId, cancellationToken);
            if (named is null)
            {
                if (holder is not null)
                {
                    throw IdentityOfAnother(customerId, identity);
                }

                try
                {
                    await InsertFromOrderAsync(order, customerId, identity, actor, cancellationToken);
                    return customerId;
                }
                catch (Exception exception) when (attempt < MaxOrderAttempts && exception is CustomerIdTakenException or IdentityTakenException)
                {
                    continue;
                }
            }

            var survivor = await SurvivorAsync(named, cancellationToken);
            if (survivor.Document.Status == CustomerStatus.Erased)
            {
                throw Erased(customerId);
            }

            if (holder is not null)
            {
                var holderSurvivor = await SurvivorAsync(await GetAsync(holder, cancellationToken), cancellationToken);
                return holderSurvivor.Document.CustomerId == survivor.Document.CustomerId
                    ? survivor.Document.CustomerId
                    : throw IdentityOfAnother(customerId, identity);
            }

            if (survivor.Document.Identities.Count >= CustomerOptions.MaxIdentitiesPerCustomer)
            {
                // The order is the customer's all the same; only the identity is not remembered.
                logger.LogWarning("Customer {CustomerId} holds the most identities allowed; an order's identity was not added", survivor.Document.CustomerId);
                return survivor.Document.CustomerId;
            }

            survivor.Document.Identities.Add(identity);
            Record(survivor.Document, CustomerEventTypes.IdentityAdded, actor, $"identity {KindName(identity.Kind)} added from an order of channel {order.Channel}");
            try
            {
                await SaveAsync(cancellationToken, survivor);
                return survivor.Document.CustomerId;
            }
            catch (Exception exception) when (attempt < MaxOrderAttempts && exception is CustomerConcurrencyException or IdentityTakenException)
            {
                // Changed meanwhile, or the identity was taken: the next round sees which.
            }
        }
    }

    private static CustomerStateException IdentityOfAnother(string customerId, CustomerIdentity identity) => new(
        "IDENTITY_BELONGS_TO_ANOTHER_CUSTOMER", Subject(customerId),
        $"The order's {KindName(identity.Kind)} identity belongs to another customer than '{customerId}'. Send only one of them, " +
        "or have an agent merge the two customers. Nothing was changed.");

    /// <summary>The survivor of a customer an order names; an erased one takes no orders.</summary>
    private async Task<string> OrderSurvivorIdAsync(string customerId, CancellationToken cancellationToken)
    {
        var survivor = await SurvivorAsync(await GetAsync(customerId, cancellationToken), cancellationToken);
        return survivor.Document.Status == CustomerStatus.Erased ? throw Erased(customerId) : survivor.Document.CustomerId;
    }

    /// <summary>Registers the customer of a first order, with the order's contact data (the order keeps its own copy).</summary>
    private async Task InsertFromOrderAsync(OrderDocument order, string customerId, CustomerIdentity? identity, string actor, CancellationToken cancellationToken)
    {
        var customer = new CustomerDocument
        {
            CustomerId = customerId,
            Status = CustomerStatus.Active,
            Segment = order.Customer.Segment,
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = actor,
            CreatedVia = order.Channel,
            Contact = OrderContact.Of(order),
            ContactVersion = 1,
            Identities = identity is null ? [] : [identity],
        };
        Record(customer, CustomerEventTypes.Registered, actor, $"registered from order of channel {order.Channel}");
        await store.SaveAsync([new CustomerChange(customer, 0)], cancellationToken);
        logger.LogInformation("Customer {CustomerId} registered from an order of channel {Channel}", customerId, order.Channel);
    }
}

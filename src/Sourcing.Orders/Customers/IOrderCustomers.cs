namespace Sourcing.Orders.Customers;

/// <summary>How a channel identified the customer of an order, besides (or instead of) a customer id.</summary>
public sealed record OrderCustomerIdentity(IdentityKind Kind, string Value);

/// <summary>
/// Which customer an order belongs to (the order lifecycle asks before deciding anything): the customer holding the
/// identity, or the customer id the channel named; a new customer, registered from the order's contact data, when
/// neither is known. A merged customer's orders go to the survivor. Never merges anyone.
/// </summary>
public interface IOrderCustomers
{
    /// <summary>
    /// The customer id to store on the order. Throws <see cref="CustomerStateException"/> (CUSTOMER_ERASED) for an
    /// erased customer's id and IDENTITY_BELONGS_TO_ANOTHER_CUSTOMER when the id and the identity name two customers.
    /// </summary>
    Task<string> ResolveAsync(OrderDocument order, OrderCustomerIdentity? identity, string actor, CancellationToken cancellationToken);
}

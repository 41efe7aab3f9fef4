namespace Sourcing.Orders.Customers;

/// <summary>
/// What the rules know about a customer, read from the customer record and the customer's orders (never from a
/// caller): the segment and VIP flag an agent set, and the order history of the customer and everyone merged into it.
/// </summary>
/// <param name="Known">False for a customer id the directory has never seen: every other fact is its default.</param>
/// <param name="Vip">An agent made the customer a VIP, or the lifetime value reached the currency's VIP threshold.</param>
/// <param name="OrdersCount">Orders in any currency, cancelled ones included.</param>
/// <param name="LifetimeValueMinor">Value of the units shipped minus the units returned, in the currency asked for.</param>
/// <param name="ReturnRateBasisPoints">Units returned per unit shipped, in basis points (0 when nothing shipped).</param>
public sealed record CustomerFacts(
    string CustomerId,
    bool Known,
    string Segment,
    bool Vip,
    int OrdersCount,
    long LifetimeValueMinor,
    int ReturnRateBasisPoints,
    int UnitsShipped,
    int UnitsReturned)
{
    public static CustomerFacts Unknown(string customerId) => new(customerId, false, "", false, 0, 0, 0, 0, 0);
}

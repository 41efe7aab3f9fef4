namespace Sourcing.Orders.Returns;

/// <summary>
/// Where returned goods should go, from the location network and the stock the service already has. Implemented by
/// the host (locations and stock live there).
/// </summary>
public interface IReturnRouting
{
    /// <summary>
    /// The customer's chosen store when given and able to take returns; otherwise the location the goods are most useful
    /// at (one where a returned SKU is short, if not much further away) or the nearest one that takes returns, with the
    /// reasons in words. Throws <see cref="ArgumentException"/> with the field name (drop_off_location_id) when the
    /// chosen location does not exist or takes no returns.
    /// </summary>
    Task<ReturnDestination> ProposeAsync(ReturnRoutingRequest request, CancellationToken cancellationToken);

    /// <summary>Why units cannot be received at the location (unknown, inactive, a supplier), or null when they can.</summary>
    Task<string?> ReceivingProblemAsync(string locationId, CancellationToken cancellationToken);
}

/// <param name="PreferredLocationId">The store the customer will drop the goods at; null to let the service propose.</param>
public sealed record ReturnRoutingRequest(OrderDocument Order, ReturnKind Kind, IReadOnlyList<ReturnedSku> Units, string? PreferredLocationId);

public sealed record ReturnedSku(string Sku, int Quantity);

public sealed record ReturnDestination(string LocationId, IReadOnlyList<string> Explanation);

using System.Security.Claims;
using Grpc.Core;
using Sourcing.Orders;
using Sourcing.Service.Security;

namespace Sourcing.Service.Orders;

/// <summary>
/// Which orders a caller sees. A channel token sees its channels' orders; service agents, finance and operations
/// admins see every channel; store staff and stock feeds (a WMS, a carrier integration) see the fulfilment orders and
/// shipments of the locations in their token. Anything else does not exist for the caller: NOT_FOUND, never
/// PERMISSION_DENIED, so order ids cannot be probed.
/// </summary>
internal sealed class OrderAccess(ClaimsPrincipal principal)
{
    private readonly HashSet<string> _channels = principal.FindAll(SourcingClaims.Channel).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
    private readonly HashSet<string> _locations = principal.FindAll(SourcingClaims.Location).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);

    public static OrderAccess Of(ServerCallContext context) => new(context.GetHttpContext().User);

    /// <summary>Roles above the channels, and tokens for every channel.</summary>
    public bool SeesAllChannels =>
        _channels.Contains(SourcingClaims.Any) || principal.IsInRole(Roles.ServiceAgent) || principal.IsInRole(Roles.Finance) || principal.IsInRole(Roles.OperationsAdmin);

    /// <summary>The channels of a token that does not see all of them.</summary>
    public IReadOnlySet<string> Channels => _channels;

    public bool SeesChannel(string channel) => SeesAllChannels || _channels.Contains(channel);

    /// <summary>
    /// Whether the caller may see how to reach and charge the customer (e-mail, phone, billing address, payment
    /// reference): the order's channel and the roles above it. Store staff and a WMS see what they need to ship.
    /// </summary>
    public bool SeesCustomerContact =>
        principal.IsInRole(Roles.Channel) || principal.IsInRole(Roles.ServiceAgent) || principal.IsInRole(Roles.Finance) || principal.IsInRole(Roles.OperationsAdmin);

    public bool ActsAt(string locationId) => _locations.Contains(SourcingClaims.Any) || _locations.Contains(locationId);

    /// <summary>The channels whose orders the caller may see and change; null for callers who see every channel.</summary>
    public IReadOnlySet<string>? VisibleChannels => SeesAllChannels ? null : _channels;

    /// <summary>
    /// For store staff and stock feeds: the fulfilment order must be at a location of the token. An unknown fulfilment
    /// order is reported like an unknown order, so a location cannot learn of other locations' orders.
    /// </summary>
    public async Task EnsureFulfilmentAsync(OrderLifecycle lifecycle, string orderId, string fulfilmentOrderId, CancellationToken cancellationToken)
    {
        var order = await lifecycle.GetAsync(orderId, null, cancellationToken);
        var fulfilment = order.Document.FulfilmentOrders.FirstOrDefault(f => f.Id == fulfilmentOrderId);
        if (fulfilment is null || !ActsAt(fulfilment.LocationId))
        {
            throw new OrderNotFoundException(orderId);
        }
    }

    /// <summary>Operations admins record any delivery; a stock feed only for shipments that left its locations.</summary>
    public async Task EnsureShipmentAsync(OrderLifecycle lifecycle, string orderId, string shipmentId, CancellationToken cancellationToken)
    {
        if (principal.IsInRole(Roles.OperationsAdmin))
        {
            return;
        }

        var order = await lifecycle.GetAsync(orderId, null, cancellationToken);
        var shipment = order.Document.Shipments.FirstOrDefault(s => s.Id == shipmentId);
        if (shipment is null || !ActsAt(shipment.LocationId))
        {
            throw new OrderNotFoundException(orderId);
        }
    }
}

using System.Security.Claims;
using Grpc.Core;
using Sourcing.Orders.Returns;
using Sourcing.Service.Security;

namespace Sourcing.Service.Returns;

/// <summary>
/// Who may do what with returns, from the token. Channel tokens act on their channels' orders; a customer token on the
/// customer's own orders; service agents, finance and operations admins on every order; store staff on any order (a
/// customer may bring goods of a web order to any store) but only at the locations of their token, as may a WMS or a
/// carrier integration (stock feed). An order or return the caller may not see does not exist for it: NOT_FOUND.
/// Acting at a location the token does not name is PERMISSION_DENIED (the location is the caller's own request).
/// </summary>
internal sealed class ReturnAccess(ClaimsPrincipal principal)
{
    private readonly HashSet<string> _channels = principal.FindAll(SourcingClaims.Channel).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
    private readonly HashSet<string> _locations = principal.FindAll(SourcingClaims.Location).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);

    public static ReturnAccess Of(ServerCallContext context) => new(context.GetHttpContext().User);

    private bool Is(string role) => principal.IsInRole(role);

    /// <summary>Roles that act on every channel's orders: they need no channel or customer filter.</summary>
    private bool SeesEveryOrder =>
        _channels.Contains(SourcingClaims.Any) || Is(Roles.ServiceAgent) || Is(Roles.Finance) || Is(Roles.OperationsAdmin) || Is(Roles.StoreStaff);

    /// <summary>Store staff and stock feeds are bound to their token's locations; operations admins act anywhere.</summary>
    private bool BoundToLocations =>
        (Is(Roles.StoreStaff) || Is(Roles.StockFeed)) && !Is(Roles.OperationsAdmin) && !_locations.Contains(SourcingClaims.Any);

    public string Subject => principal.FindFirst(SourcingClaims.Subject)?.Value ?? "anonymous";

    /// <summary>The channels whose orders the caller sees; null for every channel.</summary>
    public IReadOnlySet<string>? Channels => SeesEveryOrder || OwnCustomerId is not null ? null : _channels;

    /// <summary>A customer token acting for itself (and nothing above it): only its own orders.</summary>
    public string? OwnCustomerId =>
        Is(Roles.Customer) && !SeesEveryOrder && !Is(Roles.Channel) && principal.FindFirst(SourcingClaims.Subject)?.Value is { Length: > 0 } subject ? subject : null;

    public ReturnCaller Caller() => new(
        Subject,
        Channels,
        BoundToLocations ? _locations : null,
        OwnCustomerId,
        MayOverridePolicy: Is(Roles.ServiceAgent) || Is(Roles.OperationsAdmin),
        MayDecideRefunds: Is(Roles.ServiceAgent) || Is(Roles.Finance) || Is(Roles.OperationsAdmin));

    /// <summary>
    /// Store staff authorise returns for goods brought to their store: the drop-off location is required and theirs.
    /// </summary>
    public void EnsureDropOffLocation(string locationId, string field)
    {
        if (!Is(Roles.StoreStaff) || !BoundToLocations || Is(Roles.ServiceAgent) || Is(Roles.Channel))
        {
            return;
        }

        if (locationId.Length == 0)
        {
            throw new Errors.RequestValidationException([new Errors.FieldProblem(field, "is required for store staff: the store the goods are brought to")]);
        }

        EnsureLocation(locationId);
    }

    /// <summary>Receiving or taking goods over at a location: one of the token's, for callers bound to locations.</summary>
    public void EnsureLocation(string locationId)
    {
        if (BoundToLocations && !_locations.Contains(locationId))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied,
                $"Permission denied: this token acts at {Describe(_locations)}, not at '{(locationId.Length <= 64 ? locationId : locationId[..64] + "...")}'."));
        }
    }

    private static string Describe(HashSet<string> values) =>
        values.Count == 0 ? "no location" : string.Join(", ", values.Order(StringComparer.Ordinal).Take(10).Select(v => $"'{v}'"));
}

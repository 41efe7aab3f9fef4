using System.Security.Claims;
using Grpc.Core;
using Sourcing.Service.Errors;

namespace Sourcing.Service.Security;

/// <summary>
/// What the authenticated principal of a call may act for: its channels and locations. The channel of a sale comes
/// from here, never from the request body alone; a request naming a channel or location the token does not is
/// PERMISSION_DENIED.
/// </summary>
public sealed partial class Caller(ClaimsPrincipal principal)
{
    private readonly HashSet<string> _channels = principal.FindAll(SourcingClaims.Channel).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
    private readonly HashSet<string> _locations = principal.FindAll(SourcingClaims.Location).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);

    public static Caller Of(ServerCallContext context) => new(context.GetHttpContext().User);

    /// <summary>The principal's subject (<c>sub</c>), for audit records.</summary>
    public string Subject => principal.FindFirst(SourcingClaims.Subject)?.Value ?? "anonymous";

    public bool IsInRole(string role) => principal.IsInRole(role);

    /// <summary>
    /// The channel a call acts for: the one requested if the token allows it; when none is requested, the token's only
    /// channel. Roles above the channels (operations admin) act for any channel.
    /// </summary>
    public string ChannelFor(string requested, string field = "channel")
    {
        if (_channels.Contains(SourcingClaims.Any) || (!IsInRole(Roles.Channel) && IsInRole(Roles.OperationsAdmin)))
        {
            return requested.Length == 0 || ChannelName().IsMatch(requested)
                ? requested
                : throw new RequestValidationException([new FieldProblem(field, "must be 1-64 of letters, digits, '.', '_' and '-'")]);
        }

        if (requested.Length == 0)
        {
            return _channels.Count == 1
                ? _channels.First()
                : throw new RequestValidationException([new FieldProblem(field, "is required: the token acts for " + Describe(_channels))]);
        }

        return _channels.Contains(requested)
            ? requested
            : throw Denied($"this token acts for {Describe(_channels)}, not for channel '{Bounded(requested)}'");
    }

    /// <summary>Whether the principal may see and change objects of <paramref name="channel"/>.</summary>
    public bool MayActFor(string channel) =>
        _channels.Contains(SourcingClaims.Any) || IsInRole(Roles.OperationsAdmin) || (channel.Length > 0 && _channels.Contains(channel));

    /// <summary>Refuses a stock change at a location the token does not name.</summary>
    public void EnsureLocation(string locationId)
    {
        if (_locations.Contains(SourcingClaims.Any) || _locations.Contains(locationId) || (IsInRole(Roles.OperationsAdmin) && !IsInRole(Roles.StockFeed)))
        {
            return;
        }

        throw Denied($"this token may change stock at {Describe(_locations)}, not at '{Bounded(locationId)}'");
    }

    /// <summary>
    /// Refuses a hold longer than a channel token may ask for (<paramref name="ttlSeconds"/> 0 means the default);
    /// operations admins may hold up to the store's maximum.
    /// </summary>
    public void EnsureReservationTtl(int ttlSeconds, TimeSpan channelMaximum, string field)
    {
        if (IsInRole(Roles.OperationsAdmin) || ttlSeconds <= channelMaximum.TotalSeconds)
        {
            return;
        }

        throw new RequestValidationException([new FieldProblem(field, $"must be at most {(long)channelMaximum.TotalSeconds} seconds for a channel, was {ttlSeconds}")]);
    }

    private static RpcException Denied(string why) => new(new Status(StatusCode.PermissionDenied, "Permission denied: " + why + "."));

    private static string Describe(HashSet<string> values) =>
        values.Count == 0 ? "nothing" : string.Join(", ", values.Order(StringComparer.Ordinal).Take(10).Select(v => $"'{Bounded(v)}'")) + (values.Count > 10 ? ", ..." : "");

    private static string Bounded(string value) => value.Length <= 64 ? value : value[..64] + "...";

    [System.Text.RegularExpressions.GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\z")]
    private static partial System.Text.RegularExpressions.Regex ChannelName();
}

using Sourcing.Service.Errors;
using Sourcing.Service.Inventory;

namespace Sourcing.Service.Security;

/// <summary>
/// A reservation belongs to the channel it was made for: its request id in the store is "channel:request id". So
/// request ids of different channels never meet (replaying another channel's request id reserves anew instead of
/// returning its hold), and a reservation is visible and changeable only by tokens of its channel and by operations
/// admins. To anyone else it does not exist: NOT_FOUND, so ids cannot be probed either.
/// </summary>
public static class ReservationOwnership
{
    /// <summary>
    /// The owner of holds made by an operations admin who names no channel. The '#' keeps it out of the channel names a
    /// token can carry, so no channel token owns these holds.
    /// </summary>
    public const string OperationsChannel = "#operations";

    public static string StoredRequestId(string channel, string requestId) =>
        (channel.Length == 0 ? OperationsChannel : channel) + ":" + requestId;

    /// <summary>The reservation if <paramref name="caller"/> may see it; NOT_FOUND otherwise.</summary>
    public static Reservation EnsureVisibleTo(this Reservation reservation, Caller caller)
    {
        var separator = reservation.RequestId.IndexOf(':', StringComparison.Ordinal);
        var owner = separator < 0 ? "" : reservation.RequestId[..separator];
        return caller.MayActFor(owner) ? reservation : throw new NotFoundException("Reservation", reservation.Id);
    }

    /// <summary>The request id as its channel sent it, without the owner prefix.</summary>
    public static string CallersRequestId(this Reservation reservation)
    {
        var separator = reservation.RequestId.IndexOf(':', StringComparison.Ordinal);
        return separator < 0 ? reservation.RequestId : reservation.RequestId[(separator + 1)..];
    }
}

using Sourcing.Service.Inventory;
using StackExchange.Redis;

namespace Sourcing.Service.Tests.Infrastructure;

/// <summary>
/// Wraps the real store. SourceOrder's first hold is made, then the call fails as if the connection dropped before the
/// reply arrived: the hold exists, and the call that made it never learns its id. That is what a lost connection, a
/// crash or a timeout between the hold and the stored answer leaves behind.
/// </summary>
internal sealed class HoldThenFailStockStore(IStockStore inner) : ForwardingStockStore(inner)
{
    private int _failed;

    /// <summary>The reservations made by holds whose reply was lost.</summary>
    public List<string> LostHolds { get; } = [];

    public override async Task<ReserveOutcome> ReserveAsync(ReserveCommand command, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var outcome = await Inner.ReserveAsync(command, now, cancellationToken);
        if (IsSourceOrderHold(command) && Interlocked.Exchange(ref _failed, 1) == 0)
        {
            LostHolds.Add(outcome.Reservation?.Id ?? throw new InvalidOperationException("the test's first hold should succeed"));
            throw new RedisTimeoutException(CommandFlags.None, "the reply of the hold was lost (test)", CommandStatus.Sent);
        }

        return outcome;
    }
}

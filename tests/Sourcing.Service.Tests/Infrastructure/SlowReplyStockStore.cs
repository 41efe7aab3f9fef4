using Sourcing.Service.Inventory;

namespace Sourcing.Service.Tests.Infrastructure;

/// <summary>
/// Wraps the real store. SourceOrder's holds are made at once, but their reply takes <paramref name="replyDelay"/> to
/// arrive, while honouring the caller's cancellation: a call whose deadline passes in that gap has a hold and no answer
/// yet, deterministically.
/// </summary>
internal sealed class SlowReplyStockStore(IStockStore inner, TimeSpan replyDelay) : ForwardingStockStore(inner)
{
    private int _holds;

    /// <summary>How many SourceOrder holds were made.</summary>
    public int Holds => _holds;

    public override async Task<ReserveOutcome> ReserveAsync(ReserveCommand command, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var outcome = await Inner.ReserveAsync(command, now, CancellationToken.None);
        if (IsSourceOrderHold(command) && outcome.Succeeded)
        {
            Interlocked.Increment(ref _holds);
            await Task.Delay(replyDelay, cancellationToken);
        }

        return outcome;
    }
}

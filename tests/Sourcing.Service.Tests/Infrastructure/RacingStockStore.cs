using Sourcing.Service.Inventory;

namespace Sourcing.Service.Tests.Infrastructure;

/// <summary>
/// Wraps the real store. Just before each of SourceOrder's first <paramref name="races"/> holds, a competing order holds
/// the same units: the race that happens in production between reading stock and reserving it, made to happen.
/// </summary>
internal sealed class RacingStockStore(IStockStore inner, int races = 1) : ForwardingStockStore(inner)
{
    private int _raced;

    public override async Task<ReserveOutcome> ReserveAsync(ReserveCommand command, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (IsSourceOrderHold(command) && Interlocked.Increment(ref _raced) <= races)
        {
            var competitor = command with { RequestId = "competitor-" + _raced, Fingerprint = "competitor" };
            await Inner.ReserveAsync(competitor, now, cancellationToken);
        }

        return await Inner.ReserveAsync(command, now, cancellationToken);
    }
}

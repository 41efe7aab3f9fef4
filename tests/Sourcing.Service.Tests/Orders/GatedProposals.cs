using Sourcing.Orders;

namespace Sourcing.Service.Tests.Orders;

/// <summary>
/// The real sourcing, except that once armed the next proposal waits until the test lets it go: a way to change an
/// order while a call is deciding where its units go, which otherwise happens only by chance.
/// </summary>
internal sealed class GatedProposals(IOrderSourcing inner) : IOrderSourcing
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _armed;

    /// <summary>Completes when the armed proposal has started waiting.</summary>
    public Task Reached => _reached.Task;

    /// <summary>Makes the next proposal (only that one) wait for <see cref="Release"/>.</summary>
    public void Arm() => Volatile.Write(ref _armed, 1);

    public void Release() => _released.TrySetResult();

    public async Task<SourcingProposal> ProposeAsync(OrderDocument order, IReadOnlyList<(OrderLine Line, int Quantity)> units, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _armed, 0) == 1)
        {
            _reached.TrySetResult();
            await _released.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }

        return await inner.ProposeAsync(order, units, cancellationToken);
    }

    public Task<HeldStock?> HoldAsync(string channel, string holdRequestId, string sku, string locationId, int quantity, CancellationToken cancellationToken) =>
        inner.HoldAsync(channel, holdRequestId, sku, locationId, quantity, cancellationToken);

    public Task ReleaseAsync(string reservationId, CancellationToken cancellationToken) => inner.ReleaseAsync(reservationId, cancellationToken);

    public Task CommitAsync(string reservationId, CancellationToken cancellationToken) => inner.CommitAsync(reservationId, cancellationToken);

    public Task<bool> IsHeldAsync(string reservationId, CancellationToken cancellationToken) => inner.IsHeldAsync(reservationId, cancellationToken);
}

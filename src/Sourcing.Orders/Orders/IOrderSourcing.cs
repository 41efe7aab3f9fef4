namespace Sourcing.Orders;

/// <summary>
/// What the order lifecycle needs from sourcing and the inventory, implemented by the host over the existing pipeline
/// (rules → optimizer) and stock ledger. Orders know nothing of Redis, rules files or the solver.
/// </summary>
public interface IOrderSourcing
{
    /// <summary>
    /// Runs the rules and the optimizer for the order's open units without side effects: holds the rules raise, and
    /// per line where its units should come from (never from the line's excluded locations) or that they are backordered.
    /// </summary>
    Task<SourcingProposal> ProposeAsync(OrderDocument order, IReadOnlyList<(OrderLine Line, int Quantity)> units, CancellationToken cancellationToken);

    /// <summary>
    /// Holds stock under a request id derived from the order: a repeat returns the first outcome and holds nothing more.
    /// Null when the location no longer has the units.
    /// </summary>
    Task<HeldStock?> HoldAsync(string channel, string holdRequestId, string sku, string locationId, int quantity, CancellationToken cancellationToken);

    /// <summary>Gives a hold back; releasing twice (or a lapsed hold) is harmless.</summary>
    Task ReleaseAsync(string reservationId, CancellationToken cancellationToken);

    /// <summary>Turns a hold into a deduction of on hand (the units shipped); committing twice is harmless.</summary>
    Task CommitAsync(string reservationId, CancellationToken cancellationToken);

    /// <summary>Whether the hold still holds its units (false once it lapsed or was released).</summary>
    Task<bool> IsHeldAsync(string reservationId, CancellationToken cancellationToken);
}

/// <summary>What sourcing proposes for an order: holds to place, or a plan (allocations and backorders) with its reasons.</summary>
public sealed record SourcingProposal(IReadOnlyList<HoldDirective> Holds, SourcingRecord Plan);

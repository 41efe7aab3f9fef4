namespace Sourcing.Orders.Returns;

/// <summary>
/// The money and the goods a return sends out: refunds (credit notes through billing, to the original payment or as
/// store credit), exchange and replacement orders, and the charge for goods sent or refunded ahead that never came
/// back. Deciding changes the order in memory (the caller saves it); carrying out talks to billing and the order
/// lifecycle under request ids derived from the decision, so a retry after a crash never issues twice.
/// </summary>
public interface IReturnSettlement
{
    /// <summary>
    /// Decides the refund of <paramref name="units"/> of the return: one <see cref="ReturnRefund"/> (status Pending)
    /// per invoice the units were invoiced on, with the restocking fees and the value of free items kept, and raises
    /// <see cref="ReturnLine.Refunded"/>. Units not invoiced yet are left for a later call. Nothing is decided for a
    /// kind that refunds nothing (exchange, replacement, repair) unless <paramref name="trigger"/> is Agent.
    /// </summary>
    Task DecideRefundAsync(Order order, ReturnAuthorisation rma, RefundTrigger trigger, IReadOnlyList<RefundedUnits> units, string actor, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Decides the exchange or replacement order (<see cref="ReturnAuthorisation.LinkedOrder"/>), once.</summary>
    void DecideLinkedOrder(Order order, ReturnAuthorisation rma, bool beforeReturn, string actor, DateTimeOffset now);

    /// <summary>Decides the charge for units sent or refunded ahead that are still outstanding (<see cref="ReturnAuthorisation.Charge"/>), once.</summary>
    void DecideCharge(Order order, ReturnAuthorisation rma, string actor, DateTimeOffset now);

    /// <summary>
    /// Decides the credit of the charge for units that came back after all (<see cref="Order.ChargedUnitsBackAfterAll"/>):
    /// one refund (status Pending) against the charge invoice, for the charged price in full.
    /// </summary>
    Task DecideChargeCreditAsync(Order order, ReturnAuthorisation rma, string actor, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Carries out what was decided and not yet done: credit notes of pending refunds, the linked order, the charge
    /// invoice. Records outcomes (and failures in LastError) on the order in memory; true when it changed and must be
    /// saved. A failure of one step does not stop the others.
    /// </summary>
    Task<bool> CarryOutAsync(Order order, ReturnAuthorisation rma, CancellationToken cancellationToken);
}

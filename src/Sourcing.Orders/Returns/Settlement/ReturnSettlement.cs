using Microsoft.Extensions.Logging;
using Sourcing.Orders.Billing;
using Sourcing.Orders.Billing.Invoicing;

namespace Sourcing.Orders.Returns.Settlement;

/// <summary>
/// Settles returns: refunds as credit notes through billing, exchange and replacement orders through the order
/// lifecycle, and the charge for goods sent or refunded ahead that never came back.
/// </summary>
public sealed class ReturnSettlement(
    IBillingStore billing,
    InvoicingService invoicing,
    OrderLifecycle lifecycle,
    BillingOptions billingOptions,
    ReturnOptions returnOptions,
    TimeProvider clock,
    ILogger<ReturnSettlement> logger) : IReturnSettlement
{
    // Held until the bodies below use them (the constructor is the wiring contract).
    private readonly IBillingStore billing = billing;
    private readonly InvoicingService invoicing = invoicing;
    private readonly OrderLifecycle lifecycle = lifecycle;
    private readonly BillingOptions billingOptions = billingOptions;
    private readonly ReturnOptions returnOptions = returnOptions;
    private readonly TimeProvider clock = clock;
    private readonly ILogger<ReturnSettlement> logger = logger;

    public Task DecideRefundAsync(Order order, ReturnAuthorisation rma, RefundTrigger trigger, IReadOnlyList<RefundedUnits> units, string actor, DateTimeOffset now, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public void DecideLinkedOrder(Order order, ReturnAuthorisation rma, bool beforeReturn, string actor, DateTimeOffset now) =>
        throw new NotImplementedException();

    public void DecideCharge(Order order, ReturnAuthorisation rma, string actor, DateTimeOffset now) =>
        throw new NotImplementedException();

    public Task<bool> CarryOutAsync(Order order, ReturnAuthorisation rma, CancellationToken cancellationToken) =>
        throw new NotImplementedException();
}

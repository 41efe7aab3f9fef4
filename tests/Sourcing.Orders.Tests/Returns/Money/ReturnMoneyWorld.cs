using Microsoft.Extensions.Logging.Abstractions;
using Sourcing.Orders.Billing;
using Sourcing.Orders.Returns;
using Sourcing.Orders.Returns.Settlement;
using Sourcing.Orders.Tests.Billing.Invoicing;

namespace Sourcing.Orders.Tests.Returns.Money;

/// <summary>The billing world (real lifecycle, in-memory order and billing stores) with the real settlement over it.</summary>
internal sealed class ReturnMoneyWorld
{
    public static readonly CancellationToken None = CancellationToken.None;

    public BillingWorld Billing { get; } = new();

    public ReturnSettlement Settlement => new(Billing.Billing, Billing.Invoicing, Billing.Orders.Lifecycle, Billing.Options, new ReturnOptions(),
        Billing.Orders.Clock, NullLogger<ReturnSettlement>.Instance);

    public DateTimeOffset Now => Billing.Orders.Clock.GetUtcNow();

    private int _returns;

    /// <summary>A return of the order's lines (line id, units, restocking fee bp), authorised and saved with the order.</summary>
    public async Task<ReturnAuthorisation> ReturnAsync(string orderId, ReturnKind kind, RefundDestination destination, params (string LineId, int Quantity, int FeeBasisPoints, string ExchangeSku)[] lines)
    {
        var order = await Billing.Orders.GetAsync(orderId);
        var number = ++_returns;
        var rma = new ReturnAuthorisation
        {
            Id = $"rma_{number}",
            Number = $"RMA-{number:D10}",
            RequestId = $"return-{number}",
            Kind = kind,
            Status = ReturnStatus.Authorised,
            RequestedVia = "web",
            CreatedBy = "customer",
            CreatedAt = Now,
            UpdatedAt = Now,
            ExpiresAt = Now.AddDays(30),
            RefundDestination = destination,
            Lines = lines.Select(l => new ReturnLine
            {
                LineId = l.LineId,
                Sku = order.Line(l.LineId).Sku,
                Quantity = l.Quantity,
                Reason = kind == ReturnKind.Refund ? ReturnReason.DoesNotFit : ReturnReason.Damaged,
                ExchangeSku = l.ExchangeSku,
                RestockingFeeBasisPoints = l.FeeBasisPoints,
            }).ToList(),
        };
        order.Document.Returns.Add(rma);
        await Billing.Orders.Store.SaveAsync(order, None);
        return rma;
    }

    /// <summary>Loads the order, runs <paramref name="step"/> on its return, saves it; returns the saved order.</summary>
    public async Task<Order> StepAsync(string orderId, string returnId, Func<Order, ReturnAuthorisation, Task> step)
    {
        var order = await Billing.Orders.GetAsync(orderId);
        await step(order, order.FindReturn(returnId)!);
        await Billing.Orders.Store.SaveAsync(order, None);
        return await Billing.Orders.GetAsync(orderId);
    }

    public Task<Order> DecideRefundAsync(string orderId, string returnId, params (string LineId, int Quantity)[] units) =>
        StepAsync(orderId, returnId, (order, rma) => Settlement.DecideRefundAsync(order, rma, RefundTrigger.Receipt,
            units.Select(u => new RefundedUnits { LineId = u.LineId, Quantity = u.Quantity }).ToList(), "store-7", Now, None));

    public Task<Order> CarryOutAsync(string orderId, string returnId) =>
        StepAsync(orderId, returnId, (order, rma) => Settlement.CarryOutAsync(order, rma, None));

    public async Task<IReadOnlyList<BillingDocument>> CreditNotesAsync(string customerId = "C-1") =>
        (await Billing.DocumentsAsync(customerId)).Where(d => d.Kind == BillingDocumentKind.CreditNote).OrderBy(d => d.Sequence).ToList();

    public async Task<IReadOnlyList<string>> HistoryAsync(string orderId) =>
        (await Billing.Orders.Store.GetHistoryAsync(orderId, None)).Select(e => e.Event.Type).ToList();
}

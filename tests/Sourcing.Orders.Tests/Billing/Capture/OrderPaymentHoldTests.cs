using Sourcing.Orders.Billing;
using Sourcing.Orders.Tests.Lifecycle;

namespace Sourcing.Orders.Tests.Billing.Capture;

/// <summary>How orders treat payment holds: who may release them, which a rule evaluation leaves alone, prepayment.</summary>
public sealed class OrderPaymentHoldTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static async Task<(OrderWorld World, Order Order)> CreatedAsync(string paymentMethod, Func<OrderDocument, IReadOnlyList<HoldDirective>>? raise = null)
    {
        var world = new OrderWorld();
        world.Inventory.Stock("SKU-1", "LOC-A", 5);
        if (raise is not null)
        {
            world.Inventory.RaiseHolds = raise;
        }

        var command = world.Command("r-1", ("L1", "SKU-1", 2));
        command.Order.PaymentMethod = paymentMethod;
        return (world, await world.Lifecycle.CreateAsync(command, "web-shop", None));
    }

    [Fact]
    public async Task CreateAsync_Prepayment_HeldAwaitingPrepaymentAndNothingReserved()
    {
        var (world, order) = await CreatedAsync(PaymentMethods.Prepayment);

        var hold = Assert.Single(order.Document.Holds);
        Assert.Equal((PaymentHolds.AwaitingPrepayment, PaymentHolds.Category, true), (hold.Code, hold.Category, hold.Active));
        Assert.Equal(2, order.Document.Lines[0].In(LineState.Held));
        Assert.Empty(world.Inventory.LiveHolds());
    }

    [Fact]
    public async Task CreateAsync_PurchaseOnInvoice_NotHeld()
    {
        var (_, order) = await CreatedAsync(PaymentMethods.Invoice);

        Assert.False(order.IsOnHold);
        Assert.Equal(2, order.Document.Lines[0].In(LineState.Allocated));
    }

    [Fact]
    public async Task ReleaseHoldAsync_PaymentHoldWithoutFinance_PermissionDeniedAndStillHeld()
    {
        var (world, order) = await CreatedAsync(PaymentMethods.Prepayment);

        await Assert.ThrowsAsync<OrderPermissionDeniedException>(() =>
            world.Lifecycle.ReleaseHoldAsync(OrderWorld.As(order.Id, "agent-1"), PaymentHolds.AwaitingPrepayment, "customer says paid", None));

        Assert.True((await world.GetAsync(order.Id)).IsOnHold);
    }

    [Fact]
    public async Task ReleaseHoldAsync_PaymentHoldByFinance_ReleasedAndSourced()
    {
        var (world, order) = await CreatedAsync(PaymentMethods.Prepayment);

        var released = await world.Lifecycle.ReleaseHoldAsync(new OrderCommandContext(order.Id, "finance-1", null, MayReleasePaymentHolds: true),
            PaymentHolds.AwaitingPrepayment, "paid at the counter", None);

        Assert.False(released.IsOnHold);
        Assert.Equal(2, released.Document.Lines[0].In(LineState.Allocated));
    }

    [Fact]
    public async Task ReleaseHoldAsync_RuleHoldMarkedPaymentByItsDirective_NeedsFinance()
    {
        var (world, order) = await CreatedAsync(PaymentMethods.Invoice, _ => [new HoldDirective("RISKY_BASKET", "risk", "basket too large", PaymentHolds.Category)]);

        await Assert.ThrowsAsync<OrderPermissionDeniedException>(() =>
            world.Lifecycle.ReleaseHoldAsync(OrderWorld.As(order.Id, "agent-1"), "RISKY_BASKET", "ok", None));
        Assert.Equal(PaymentHolds.Category, Assert.Single(order.Document.Holds).Category);
    }

    [Fact]
    public async Task ReleaseHoldAsync_FraudHold_AnyoneWithTheOrderRoleReleases()
    {
        var (world, order) = await CreatedAsync(PaymentMethods.Invoice, _ => [new HoldDirective("FRAUD", "fraud-score", "score 91")]);

        var released = await world.Lifecycle.ReleaseHoldAsync(OrderWorld.As(order.Id, "agent-1"), "FRAUD", "checked", None);

        Assert.False(released.IsOnHold);
        Assert.Equal("", Assert.Single(released.Document.Holds).Category);
    }

    [Fact]
    public async Task ReevaluateAsync_RulesRaiseNothing_AwaitingPrepaymentStaysButCreditCheckIsReleased()
    {
        var raised = new List<HoldDirective> { new(PaymentHolds.CreditCheck, "credit-limit", "over the limit") };
        var (world, order) = await CreatedAsync(PaymentMethods.Prepayment, _ => raised);
        Assert.Equal(2, order.Document.Holds.Count(h => h.Active));
        raised.Clear();

        var reevaluated = await world.Lifecycle.ReevaluateAsync(OrderWorld.As(order.Id), None);

        Assert.Equal([PaymentHolds.AwaitingPrepayment], reevaluated.Document.Holds.Where(h => h.Active).Select(h => h.Code));
        Assert.Equal(PaymentHolds.Category, reevaluated.Document.Holds.Single(h => h.Code == PaymentHolds.CreditCheck).Category);
    }

    [Fact]
    public async Task PlacePaymentHoldAsync_Twice_OneHoldAndOneEvent()
    {
        var (world, order) = await CreatedAsync(PaymentMethods.Card);

        await world.Lifecycle.PlacePaymentHoldAsync(order.Id, PaymentHolds.PaymentFailed, "capture failed (request R-1)", "billing", None);
        await world.Lifecycle.PlacePaymentHoldAsync(order.Id, PaymentHolds.PaymentFailed, "capture failed (request R-1)", "billing", None);

        var history = await world.Store.GetHistoryAsync(order.Id, None);
        Assert.Single(history, e => e.Event.Type == OrderEventTypes.Held);
        Assert.Single((await world.GetAsync(order.Id)).Document.Holds);
    }

    [Fact]
    public async Task MarkPackedAsync_OnPaymentHold_Refused()
    {
        var (world, order) = await CreatedAsync(PaymentMethods.Card);
        await world.Lifecycle.AcceptFulfilmentAsync(OrderWorld.As(order.Id), order.Id + "-F1", None);
        await world.Lifecycle.PlacePaymentHoldAsync(order.Id, PaymentHolds.PaymentFailed, "authorisation expired", "billing", None);

        var refused = await Assert.ThrowsAsync<OrderStateException>(() => world.Lifecycle.MarkPackedAsync(OrderWorld.As(order.Id), order.Id + "-F1", None));

        Assert.Equal("ORDER_ON_PAYMENT_HOLD", refused.Code);
    }
}

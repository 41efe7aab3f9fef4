using static Sourcing.Orders.Tests.TestOrders;

namespace Sourcing.Orders.Tests;

public sealed class OrderHoldTests
{
    [Fact]
    public void PlaceHolds_NewHold_HoldsOpenUnitsAndRecordsIt()
    {
        var order = New(3);

        var added = order.PlaceHolds([Fraud], "rules", T0);

        Assert.True(added);
        Assert.Equal(OrderStatus.OnHold, order.Status);
        Assert.Equal(3, order.Document.Lines[0].In(LineState.Held));
        Assert.Empty(order.UnitsToSource());
        var held = Assert.Single(order.NewEvents, e => e.Type == OrderEventTypes.Held);
        Assert.Contains("FRAUD", held.Detail);
    }

    [Fact]
    public void PlaceHolds_SameCodeActive_NotPlacedTwice()
    {
        var order = Held();

        var added = order.PlaceHolds([Fraud], "rules", T0);

        Assert.False(added);
        Assert.Single(order.Document.Holds);
    }

    [Fact]
    public void ReleaseHold_LastHold_ReopensUnitsForSourcing()
    {
        var order = New(3);
        order.PlaceHolds([Fraud, Payment], "rules", T0);

        order.ReleaseHold("FRAUD", "checked", "agent-7", T0);
        Assert.Equal(OrderStatus.OnHold, order.Status);
        Assert.Equal(3, order.Document.Lines[0].In(LineState.Held));

        order.ReleaseHold("PAYMENT", "paid", "agent-7", T0);
        Assert.Equal(OrderStatus.Open, order.Status);
        Assert.Equal(3, order.Document.Lines[0].In(LineState.Open));
        Assert.Equal([("L1", 3)], order.UnitsToSource().Select(u => (u.Line.LineId, u.Quantity)));
        var release = order.Document.Holds.Single(h => h.Code == "PAYMENT");
        Assert.Equal("agent-7", release.ReleasedBy);
        Assert.Equal("paid", release.ReleaseReason);
    }

    [Fact]
    public void PlaceHolds_CodeAPersonReleased_NotPlacedAgainByTheRules()
    {
        var order = Held();
        order.ReleaseHold("FRAUD", "checked", "agent-7", T0);

        var added = order.PlaceHolds([Fraud], "rules", T0.AddMinutes(1));

        Assert.False(added);
        Assert.False(order.IsOnHold);
        Assert.Equal(2, order.Document.Lines[0].In(LineState.Open));
    }

    [Fact]
    public void ReleaseHoldsNoLongerRaised_RuleStoppedRaising_ReleasedButNotRememberedAsReleasedByAPerson()
    {
        var order = Held();

        order.ReleaseHoldsNoLongerRaised([], T0);

        Assert.False(order.IsOnHold);
        Assert.Equal(Order.SystemActor, order.Document.Holds[0].ReleasedBy);
        Assert.Empty(order.Document.ReleasedHoldCodes);
        Assert.True(order.PlaceHolds([Fraud], "rules", T0.AddMinutes(1)), "a rule that raises it again places it again");
    }

    [Fact]
    public void ReleaseHold_CodeNotActive_RefusedNamingTheActiveHolds()
    {
        var order = Held();

        var refusal = Assert.Throws<OrderStateException>(() => order.ReleaseHold("PAYMENT", "paid", "agent-7", T0));

        Assert.Equal("HOLD_NOT_ACTIVE", refusal.Code);
        Assert.Contains("active: FRAUD", refusal.Message);
    }

    [Fact]
    public void BeginAllocation_OrderOnHold_Refused()
    {
        var order = Held();

        var refusal = Assert.Throws<OrderStateException>(() => order.BeginAllocation(Plan([("L1", "LOC-A", 2)]), T0));

        Assert.Equal("ORDER_ON_HOLD", refusal.Code);
        Assert.Null(order.Document.PendingAllocation);
    }
}

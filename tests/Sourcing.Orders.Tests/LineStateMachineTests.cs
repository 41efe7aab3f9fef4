using static Sourcing.Orders.Tests.TestOrders;

namespace Sourcing.Orders.Tests;

public sealed class LineStateMachineTests
{
    public static TheoryData<LineState, LineState> AllowedMoves()
    {
        var data = new TheoryData<LineState, LineState>();
        foreach (var (from, to) in LineStateMachine.Transitions.Keys)
        {
            data.Add(from, to);
        }

        return data;
    }

    public static TheoryData<LineState, LineState> RefusedMoves()
    {
        var data = new TheoryData<LineState, LineState>();
        foreach (var from in Enum.GetValues<LineState>())
        {
            foreach (var to in Enum.GetValues<LineState>().Where(to => !LineStateMachine.IsAllowed(from, to)))
            {
                data.Add(from, to);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllowedMoves))]
    public void Move_AllowedTransition_MovesEveryUnitThroughTheCommandThatCausesIt(LineState from, LineState to)
    {
        var order = In(from, quantity: 2);
        var line = order.Document.Lines[0];
        Assert.Equal(2, line.In(from));

        Cause(order, from, to);

        Assert.Equal(0, line.In(from));
        Assert.Equal(2, line.In(to));
        Assert.Equal(line.Quantity, SumOfStates(line));
    }

    /// <summary>The public command behind each row of the table (returns have none yet: the move is made directly).</summary>
    private static void Cause(Order order, LineState from, LineState to)
    {
        switch ((from, to))
        {
            case (LineState.Open, LineState.Held):
                order.PlaceHolds([Fraud], Actor, T0);
                break;
            case (LineState.Open, LineState.Allocated):
                Source(order, [("L1", "LOC-A", 2)]);
                break;
            case (LineState.Open, LineState.Backordered):
                Source(order, [], [("L1", 2)]);
                break;
            case (LineState.Held, LineState.Open):
                order.ReleaseHold(Fraud.Code, "checked by a person", Actor, T0);
                break;
            case (LineState.Allocated, LineState.Released):
                order.AcceptFulfilment("O-1-F1", Actor, T0);
                break;
            case (LineState.Released, LineState.Picked):
                order.MarkPacked("O-1-F1", Actor, T0);
                break;
            case (LineState.Allocated or LineState.Released or LineState.Picked, LineState.Open):
                order.RejectLines("O-1-F1", [new LineQuantity("L1", 2)], "damaged", Actor, T0);
                break;
            case (LineState.Allocated or LineState.Released or LineState.Picked, LineState.Shipped):
                order.ConfirmShipment("O-1-F1", "DHL", "TRACK-1", [new LineQuantity("L1", 2)], Actor, T0);
                break;
            case (_, LineState.Cancelled):
                order.Cancel(null, null, "customer changed their mind", Actor, T0);
                break;
            case (LineState.Backordered, LineState.Open):
                Assert.True(order.ReopenBackordered(null, "stock arrived", T0));
                break;
            case (LineState.Shipped, LineState.Delivered):
                order.RecordDelivery("O-1-F1-S1", true, T0, "left at the door", Actor, T0);
                break;
            case (_, LineState.Returned):
                order.Move(order.Document.Lines[0], from, to, 2);
                break;
            default:
                Assert.Fail($"The table allows {from} -> {to} but no test command causes it: add one.");
                break;
        }
    }

    [Theory]
    [MemberData(nameof(RefusedMoves))]
    public void Move_TransitionNotInTable_RefusedNamingTheLineStates(LineState from, LineState to)
    {
        var document = Document("O-1", ("L1", "SKU-1", 3));
        document.Lines[0].States = new Dictionary<LineState, int> { [from] = 2 };
        document.Lines[0].States[from == LineState.Cancelled ? LineState.Open : LineState.Cancelled] = 1;
        var order = Order.Rehydrate(document, 1);
        var line = order.Document.Lines[0];
        var before = new Dictionary<LineState, int>(line.States);

        var refusal = Assert.Throws<OrderStateException>(() => order.Move(line, from, to, 1));

        Assert.Equal("ILLEGAL_LINE_TRANSITION", refusal.Code);
        Assert.Equal("order/O-1/line/L1", refusal.Subject);
        Assert.Contains($"from {from} to {to}", refusal.Message);
        Assert.Contains($"2 {from}", refusal.Message);
        Assert.Equal(before, line.States);
        Assert.Empty(order.NewEvents);
    }

    [Fact]
    public void Move_MoreUnitsThanTheStateHas_RefusedNamingTheQuantities()
    {
        var order = Allocated(quantity: 2);
        var line = order.Document.Lines[0];

        var refusal = Assert.Throws<OrderStateException>(() => order.Move(line, LineState.Allocated, LineState.Released, 3));

        Assert.Equal("ILLEGAL_LINE_TRANSITION", refusal.Code);
        Assert.Contains("has 2 unit(s) Allocated, not 3", refusal.Message);
        Assert.Equal(2, line.In(LineState.Allocated));
    }

    [Fact]
    public void Transitions_CancellableStates_AreExactlyTheStatesWithAMoveToCancelled()
    {
        var withCancel = LineStateMachine.Transitions.Keys.Where(k => k.To == LineState.Cancelled).Select(k => k.From).ToHashSet();

        Assert.Equal(withCancel, LineStateMachine.CancellableStates.ToHashSet());
    }
}

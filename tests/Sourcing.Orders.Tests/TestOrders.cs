namespace Sourcing.Orders.Tests;

/// <summary>Orders built and moved through the aggregate's public methods, as the lifecycle would.</summary>
internal static class TestOrders
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public const string Actor = "tester";

    public static OrderDocument Document(string orderId = "O-1", params (string LineId, string Sku, int Quantity)[] lines)
    {
        if (lines.Length == 0)
        {
            lines = [("L1", "SKU-1", 2)];
        }

        return new OrderDocument
        {
            OrderId = orderId,
            Channel = "web",
            ExternalOrderNumber = "EXT-" + orderId,
            Customer = new OrderCustomer { Id = "C-1" },
            Lines = lines.Select(l => new OrderLine { LineId = l.LineId, Sku = l.Sku, Quantity = l.Quantity, UnitPriceMinor = 1000, TaxRateBasisPoints = 1900 }).ToList(),
        };
    }

    /// <summary>One line L1 of <paramref name="quantity"/> units of SKU-1.</summary>
    public static Order New(int quantity = 2) => Order.Create(Document("O-1", ("L1", "SKU-1", quantity)), Actor, T0);

    public static HoldDirective Fraud => new("FRAUD", "fraud-score", "the fraud score is high");

    public static HoldDirective Payment => new("PAYMENT", "payment-pending", "the payment is not confirmed");

    public static SourcingRecord Plan(IEnumerable<(string LineId, string LocationId, int Quantity)> allocations, IEnumerable<(string LineId, int Quantity)>? backordered = null) => new()
    {
        RulesVersion = "rules-test",
        SolverStatus = "OPTIMAL",
        SolverMethod = "cp-sat",
        Allocations = allocations.Select(a => new PlannedUnits { LineId = a.LineId, LocationId = a.LocationId, Quantity = a.Quantity }).ToList(),
        Backordered = (backordered ?? []).Select(b => new PlannedUnits { LineId = b.LineId, Quantity = b.Quantity }).ToList(),
    };

    /// <summary>Begins and completes an attempt, every planned hold confirmed as reservation "res:{request id}".</summary>
    public static void Source(Order order, IEnumerable<(string LineId, string LocationId, int Quantity)> allocations, IEnumerable<(string LineId, int Quantity)>? backordered = null)
    {
        var pending = order.BeginAllocation(Plan(allocations, backordered), T0);
        order.CompleteAllocation(pending.Attempt, HeldFor(pending), T0);
    }

    public static Dictionary<string, HeldStock> HeldFor(PendingAllocation pending) =>
        pending.Holds.ToDictionary(h => h.HoldRequestId, h => new HeldStock("res:" + h.HoldRequestId, T0.AddHours(1)));

    /// <summary>All units of L1 allocated at LOC-A: fulfilment order O-1-F1.</summary>
    public static Order Allocated(int quantity = 2)
    {
        var order = New(quantity);
        Source(order, [("L1", "LOC-A", quantity)]);
        return order;
    }

    public static Order Released(int quantity = 2)
    {
        var order = Allocated(quantity);
        order.AcceptFulfilment("O-1-F1", Actor, T0);
        return order;
    }

    public static Order Picked(int quantity = 2)
    {
        var order = Released(quantity);
        order.MarkPacked("O-1-F1", Actor, T0);
        return order;
    }

    public static Order Shipped(int quantity = 2)
    {
        var order = Allocated(quantity);
        order.ConfirmShipment("O-1-F1", "DHL", "TRACK-1", [new LineQuantity("L1", quantity)], Actor, T0);
        return order;
    }

    public static Order Delivered(int quantity = 2)
    {
        var order = Shipped(quantity);
        order.RecordDelivery("O-1-F1-S1", true, T0, "left at the door", Actor, T0);
        return order;
    }

    public static Order Backordered(int quantity = 2)
    {
        var order = New(quantity);
        Source(order, [], [("L1", quantity)]);
        return order;
    }

    public static Order Held(int quantity = 2)
    {
        var order = New(quantity);
        order.PlaceHolds([Fraud], Actor, T0);
        return order;
    }

    /// <summary>An order whose line L1 has all its units in <paramref name="state"/>, reached through the aggregate's methods.</summary>
    public static Order In(LineState state, int quantity = 2) => state switch
    {
        LineState.Open => New(quantity),
        LineState.Held => Held(quantity),
        LineState.Allocated => Allocated(quantity),
        LineState.Released => Released(quantity),
        LineState.Picked => Picked(quantity),
        LineState.Shipped => Shipped(quantity),
        LineState.Delivered => Delivered(quantity),
        LineState.Backordered => Backordered(quantity),
        LineState.Cancelled => Cancelled(quantity),
        LineState.Returned => Returned(quantity),
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    private static Order Cancelled(int quantity)
    {
        var order = New(quantity);
        order.Cancel(null, null, "customer changed their mind", Actor, T0);
        return order;
    }

    // No command takes units back yet: the move is made directly.
    private static Order Returned(int quantity)
    {
        var order = Delivered(quantity);
        order.Move(order.Document.Lines[0], LineState.Delivered, LineState.Returned, quantity);
        return order;
    }

    public static int SumOfStates(OrderLine line) => line.States.Values.Sum();
}

using Sourcing.Orders.Tests.Lifecycle;
using static Sourcing.Orders.Tests.Lifecycle.OrderWorld;

namespace Sourcing.Orders.Tests.Recovery;

/// <summary>
/// Operations that change stock, each in two parts: the set-up (run without faults) and the operation itself (run by
/// a lifecycle that may crash part-way).
/// </summary>
internal static class CrashScenarios
{
    public const string Create = "create with holds at two locations";
    public const string CreateStockTaken = "create whose second hold falls short";
    public const string RejectPart = "reject part of a line";
    public const string RejectWhole = "reject a whole line";
    public const string ConfirmShipment = "confirm shipment";
    public const string CancelOrder = "cancel the whole order";
    public const string CancelPart = "cancel part of a line at a location";
    public const string BackorderResourced = "re-source a backorder when stock arrives";
    public const string LapsedHoldResourced = "re-source units whose hold lapsed";

    public static readonly IReadOnlyList<string> All =
        [Create, CreateStockTaken, RejectPart, RejectWhole, ConfirmShipment, CancelOrder, CancelPart, BackorderResourced, LapsedHoldResourced];

    /// <summary>Runs the set-up in <paramref name="world"/> and returns the operation, to be run by the given lifecycle.</summary>
    public static async Task<Func<OrderLifecycle, Task>> ArrangeAsync(string scenario, OrderWorld world)
    {
        var none = CancellationToken.None;
        world.Inventory.Stock("SKU-1", "LOC-A", 5);
        world.Inventory.Stock("SKU-1", "LOC-B", 5);
        world.Inventory.Stock("SKU-2", "LOC-B", 5);
        world.Inventory.Stock("SKU-1", "LOC-C", 5);
        switch (scenario)
        {
            case Create:
                return lifecycle => lifecycle.CreateAsync(world.Command("r-1", ("L1", "SKU-1", 3), ("L2", "SKU-2", 2)), "web-shop", none);
            case CreateStockTaken:
                // L1 comes from LOC-A, L2 from LOC-B; LOC-B's SKU-2 goes to someone else after L1's hold is taken.
                return lifecycle =>
                {
                    world.Inventory.BeforeNextHold = () => world.Inventory.BeforeNextHold = () => world.Inventory.Stock("SKU-2", "LOC-B", -4);
                    return lifecycle.CreateAsync(world.Command("r-1", ("L1", "SKU-1", 3), ("L2", "SKU-2", 2)), "web-shop", none);
                };
            case BackorderResourced:
                await world.CreateAsync("r-1", ("L1", "SKU-3", 2), ("L2", "SKU-1", 1));
                world.Inventory.Stock("SKU-3", "LOC-C", 2);
                return lifecycle => lifecycle.ResourceBackordersAsync(["SKU-3"], 10, none);
            case LapsedHoldResourced:
                await world.CreateAsync("r-1", ("L1", "SKU-1", 3), ("L2", "SKU-2", 2));
                world.Clock.Advance(world.Inventory.HoldFor + TimeSpan.FromSeconds(1));
                return lifecycle => lifecycle.ResourceLapsedHoldsAsync(10, none);
        }

        var order = await world.CreateAsync("r-1", ("L1", "SKU-1", 3), ("L2", "SKU-2", 2));
        var f1 = order.Document.FulfilmentOrders.Single(f => f.LocationId == "LOC-A").Id;
        await world.Lifecycle.AcceptFulfilmentAsync(As(order.Id), f1, none);
        return scenario switch
        {
            RejectPart => lifecycle => lifecycle.RejectLinesAsync(As(order.Id), f1, [new LineQuantity("L1", 1)], "damaged", none),
            RejectWhole => lifecycle => lifecycle.RejectLinesAsync(As(order.Id), f1, [new LineQuantity("L1", 3)], "not found", none),
            ConfirmShipment => lifecycle => lifecycle.ConfirmShipmentAsync(As(order.Id), f1, "DHL", "T-1", [new LineQuantity("L1", 3)], none),
            CancelOrder => lifecycle => lifecycle.CancelAsync(As(order.Id, "agent-7"), null, null, "customer asked", none),
            CancelPart => lifecycle => lifecycle.CancelAsync(As(order.Id, "agent-7"), "L1", 2, "customer wants fewer", none),
            _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, null),
        };
    }

    /// <summary>Every (scenario, step, occurrence) an uninterrupted run of each scenario passes through.</summary>
    public static IEnumerable<(string Scenario, OrderStep Step, int Occurrence)> CrashPoints()
    {
        foreach (var scenario in All)
        {
            var recorder = new StepRecorder();
            var world = new OrderWorld();
            var operation = ArrangeAsync(scenario, world).GetAwaiter().GetResult();
            operation(world.NewLifecycle(recorder)).GetAwaiter().GetResult();
            foreach (var point in recorder.Reached.GroupBy(s => s).SelectMany(g => g.Select((step, i) => (step, i + 1))))
            {
                yield return (scenario, point.step, point.Item2);
            }
        }
    }
}
